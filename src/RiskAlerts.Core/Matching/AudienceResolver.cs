using Microsoft.Extensions.Options;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Registrations.Verification;

namespace RiskAlerts.Core.Matching;

/// <summary>
/// Loads the subscribers a warning could reach (region range reads plus point reads of explicit
/// targets) and matches them. The preview and the planner both resolve audiences here.
/// Unverified addresses are reached as <see cref="ContactVerificationOptions.UnverifiedReceiveExtreme"/> says.
/// </summary>
public sealed class AudienceResolver(ISubscriberDirectory directory, IOptions<ContactVerificationOptions> verification)
{
    public async Task<IReadOnlyList<MatchedRecipient>> ResolveAsync(WarningAudience audience, DateTimeOffset sendAt, CancellationToken cancellationToken = default)
    {
        var byRegion = audience.Regions.Count > 0
            ? await directory.FindByRegionsAsync([.. audience.Regions], cancellationToken)
            : [];
        var byCode = audience.ExplicitTargets.Count > 0
            ? await directory.FindByCodesAsync([.. audience.ExplicitTargets], cancellationToken)
            : [];
        var subscribers = byCode.Count == 0 ? byRegion : byRegion.Concat(byCode).DistinctBy(s => s.Enterprise.Uscc).ToList();
        return AudienceMatcher.Match(audience, subscribers, sendAt, verification.Value.Reaches(audience.Severity));
    }

    /// <summary>
    /// The recipients page by page as the directory is read: explicit targets first, then the
    /// regions' subscribers; each enterprise once. Within a page recipients come in a canonical
    /// order, so the same directory gives the same sequence on every call, in any process.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<MatchedRecipient>> StreamAsync(
        WarningAudience audience,
        DateTimeOffset sendAt,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audience);
        var seen = new HashSet<Enterprises.UnifiedSocialCreditCode>();
        if (audience.ExplicitTargets.Count > 0)
        {
            var targets = await directory.FindByCodesAsync([.. audience.ExplicitTargets], cancellationToken);
            seen.UnionWith(targets.Select(s => s.Enterprise.Uscc));
            yield return Match(audience, targets, sendAt);
        }

        if (audience.Regions.Count == 0)
        {
            yield break;
        }

        await foreach (var page in directory.StreamByRegionsAsync([.. audience.Regions], cancellationToken))
        {
            var fresh = page.Where(s => seen.Add(s.Enterprise.Uscc)).ToList();
            if (fresh.Count > 0)
            {
                yield return Match(audience, fresh, sendAt);
            }
        }
    }

    /// <summary>
    /// How many recipients (contact × channel) the audience has, counted only until it exceeds
    /// <paramref name="limit"/>: deciding whether a broadcast is large reads a province no further
    /// than its first <paramref name="limit"/> recipients.
    /// </summary>
    /// <returns>The count, or a number above <paramref name="limit"/> once it is exceeded.</returns>
    public async Task<int> CountUpToAsync(WarningAudience audience, DateTimeOffset sendAt, int limit, CancellationToken cancellationToken = default)
    {
        var count = 0;
        await foreach (var page in StreamAsync(audience, sendAt, cancellationToken))
        {
            count += page.Count;
            if (count > limit)
            {
                break;
            }
        }

        return count;
    }

    private List<MatchedRecipient> Match(WarningAudience audience, IReadOnlyList<Subscriber> subscribers, DateTimeOffset sendAt) =>
        [.. Deliveries.Plan.DeliveryChunker.InCanonicalOrder(AudienceMatcher.Match(audience, subscribers, sendAt, verification.Value.Reaches(audience.Severity)))];
}

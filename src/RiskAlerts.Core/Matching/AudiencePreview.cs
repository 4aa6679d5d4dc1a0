using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Regions;

namespace RiskAlerts.Core.Matching;

/// <summary>Recipients in one prefecture.</summary>
/// <param name="Prefecture">Prefecture code (a prefecture without counties is its own).</param>
/// <param name="Name">Its Chinese name, when a catalog was given.</param>
/// <param name="Enterprises">Distinct enterprises reached there.</param>
/// <param name="Recipients">Contact × channel deliveries there.</param>
public sealed record PrefectureCount(RegionCode Prefecture, string? Name, int Enterprises, int Recipients);

/// <summary>One recipient as shown in a preview, its address masked.</summary>
/// <param name="Uscc">The enterprise.</param>
/// <param name="ContactId">The contact.</param>
/// <param name="Channel">The channel.</param>
/// <param name="MaskedAddress">E.g. <c>+86 138****5678</c> or <c>z***@example.com</c>.</param>
/// <param name="Reason">Why it was matched.</param>
/// <param name="DeferUntil">End of quiet hours when deferred.</param>
/// <param name="EnterpriseName">The enterprise's name, shown beside its credit code.</param>
public sealed record PreviewRecipient(UnifiedSocialCreditCode Uscc, string ContactId, Channel Channel, string MaskedAddress, MatchReason Reason, DateTimeOffset? DeferUntil, string? EnterpriseName = null);

/// <summary>
/// What a warning would do, for an analyst to check before issuing it: how many enterprises
/// and deliveries, where, on which channels, how many wait for quiet hours to end, and a few
/// recipients with masked addresses. Contains no unmasked personal data, so it may be logged and shown.
/// </summary>
/// <param name="Severity">The warning's severity.</param>
/// <param name="TotalEnterprises">Distinct enterprises reached.</param>
/// <param name="TotalRecipients">Contact × channel deliveries.</param>
/// <param name="DeferredByQuietHours">Deliveries held back by quiet hours.</param>
/// <param name="ExplicitTargetEnterprises">Enterprises reached because the warning names them.</param>
/// <param name="ByPrefecture">Counts per prefecture, largest first.</param>
/// <param name="ByChannel">Deliveries per channel.</param>
/// <param name="Sample">The first recipients, addresses masked.</param>
public sealed record AudiencePreview(
    Severity Severity,
    int TotalEnterprises,
    int TotalRecipients,
    int DeferredByQuietHours,
    int ExplicitTargetEnterprises,
    IReadOnlyList<PrefectureCount> ByPrefecture,
    IReadOnlyDictionary<Channel, int> ByChannel,
    IReadOnlyList<PreviewRecipient> Sample)
{
    /// <summary>Default number of sample recipients.</summary>
    public const int DefaultSampleSize = 10;

    /// <summary>Summarises the matcher's result for <paramref name="audience"/>.</summary>
    /// <param name="audience">The warning's targeting.</param>
    /// <param name="matches">The matcher's result.</param>
    /// <param name="regions">Catalog for prefecture names and prefecture resolution; optional.</param>
    /// <param name="sampleSize">How many recipients to show.</param>
    public static AudiencePreview From(WarningAudience audience, IReadOnlyList<MatchedRecipient> matches, RegionCatalog? regions = null, int sampleSize = DefaultSampleSize)
    {
        ArgumentNullException.ThrowIfNull(audience);
        ArgumentNullException.ThrowIfNull(matches);
        ArgumentOutOfRangeException.ThrowIfNegative(sampleSize);

        var enterprises = new HashSet<UnifiedSocialCreditCode>();
        var explicitTargets = new HashSet<UnifiedSocialCreditCode>();
        var byPrefecture = new Dictionary<RegionCode, (HashSet<UnifiedSocialCreditCode> Enterprises, int Recipients)>();
        var byChannel = new Dictionary<Channel, int>();
        var deferred = 0;
        foreach (var match in matches)
        {
            enterprises.Add(match.Uscc);
            if (match.Reason == MatchReason.ExplicitTarget)
            {
                explicitTargets.Add(match.Uscc);
            }

            if (match.DeferUntil is not null)
            {
                deferred++;
            }

            byChannel[match.Channel] = byChannel.GetValueOrDefault(match.Channel) + 1;

            var prefecture = regions?.PrefectureOf(match.RegisteredCounty) ?? match.RegisteredCounty.PrefectureCode ?? match.RegisteredCounty;
            if (!byPrefecture.TryGetValue(prefecture, out var counts))
            {
                counts = ([], 0);
            }

            counts.Enterprises.Add(match.Uscc);
            byPrefecture[prefecture] = (counts.Enterprises, counts.Recipients + 1);
        }

        return new AudiencePreview(
            audience.Severity,
            enterprises.Count,
            matches.Count,
            deferred,
            explicitTargets.Count,
            [.. byPrefecture
                .Select(p => new PrefectureCount(p.Key, regions?.FindName(p.Key), p.Value.Enterprises.Count, p.Value.Recipients))
                .OrderByDescending(p => p.Recipients)
                .ThenBy(p => p.Prefecture)],
            byChannel,
            [.. matches.Take(sampleSize).Select(m => new PreviewRecipient(
                m.Uscc,
                m.ContactId,
                m.Channel,
                PersonalDataMask.MaskAddress(m.Channel, m.Address),
                m.Reason,
                m.DeferUntil,
                m.EnterpriseName))]);
    }
}

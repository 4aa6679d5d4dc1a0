using RiskAlerts.Core.Alerts;

namespace RiskAlerts.Core.Matching;

/// <summary>
/// Loads the subscribers a warning could reach (region range reads plus point reads of explicit
/// targets) and matches them. The preview and the planner both resolve audiences here.
/// </summary>
public sealed class AudienceResolver(ISubscriberDirectory directory)
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
        return AudienceMatcher.Match(audience, subscribers, sendAt);
    }
}

using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Regions;

namespace RiskAlerts.Core.Matching;

/// <summary>
/// Where the matcher's subscribers come from. A broadcast loads only the subscribers whose
/// interest regions overlap the warning's regions (a few partition-range queries), a targeted
/// warning only the enterprises it names (point reads), never the whole directory.
/// </summary>
public interface ISubscriberDirectory
{
    /// <summary>
    /// Subscribers with an interest region inside, equal to, or containing any of <paramref name="regions"/>;
    /// each subscriber once, however many of its regions overlap.
    /// </summary>
    Task<IReadOnlyList<Subscriber>> FindByRegionsAsync(IReadOnlyCollection<RegionCode> regions, CancellationToken cancellationToken = default);

    /// <summary>
    /// The same subscribers as <see cref="FindByRegionsAsync"/>, page by page as they are read, in
    /// an order that is the same on every call for the same directory (partition ranges in key
    /// order, rows in key order); each subscriber once. A broadcast's planning starts on the first
    /// page instead of waiting for the whole province.
    /// </summary>
    IAsyncEnumerable<IReadOnlyList<Subscriber>> StreamByRegionsAsync(IReadOnlyCollection<RegionCode> regions, CancellationToken cancellationToken = default);

    /// <summary>The subscribers registered under the given codes; unknown codes are skipped.</summary>
    Task<IReadOnlyList<Subscriber>> FindByCodesAsync(IReadOnlyCollection<UnifiedSocialCreditCode> codes, CancellationToken cancellationToken = default);
}

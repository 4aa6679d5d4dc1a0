using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Industries;
using RiskAlerts.Core.Regions;

namespace RiskAlerts.Core.Subscriptions;

/// <summary>What an enterprise wants to receive, and when.</summary>
/// <param name="Categories">Warning category ids (see <see cref="Categories.WarningCategoryCatalog"/>); at least one.</param>
/// <param name="MinimumSeverity">Warnings below this severity are not sent (explicit targeting aside).</param>
/// <param name="Regions">
/// Regions of interest: the enterprise's registered county by default, widened to its
/// prefecture or province when it wants warnings for the wider area. Each must contain the
/// registered county.
/// </param>
/// <param name="Industries">Industries whose warnings are wanted; empty means all.</param>
/// <param name="Channels">Channels the enterprise accepts (each contact narrows further).</param>
/// <param name="QuietHours">Period (China Standard Time) in which non-extreme warnings wait; null for none.</param>
/// <param name="Unsubscribed">True once the enterprise has opted out (e.g. 回复TD退订): nothing is sent, not even to explicit targets.</param>
public sealed record SubscriptionPreferences(
    IReadOnlyList<string> Categories,
    Severity MinimumSeverity,
    IReadOnlyList<RegionCode> Regions,
    IReadOnlyList<IndustryCode> Industries,
    IReadOnlyList<Channel> Channels,
    QuietHours? QuietHours,
    bool Unsubscribed = false)
{
    /// <summary>
    /// Preferences a newly registered enterprise starts with: every category in force, from
    /// Moderate up, its own county, all industries, both channels, quiet 22:00–07:00.
    /// </summary>
    public static SubscriptionPreferences DefaultFor(RegionCode registeredCounty, IEnumerable<string> categories) => new(
        [.. categories],
        Severity.Moderate,
        [registeredCounty],
        [],
        [Channel.Sms, Channel.Email],
        new QuietHours(new TimeOnly(22, 0), new TimeOnly(7, 0)));
}

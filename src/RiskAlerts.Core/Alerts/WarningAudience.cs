using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Industries;
using RiskAlerts.Core.Regions;

namespace RiskAlerts.Core.Alerts;

/// <summary>
/// Who a warning is for, in the terms the audience matcher needs. A warning reaches the
/// union of (a) subscribers whose regions of interest overlap <see cref="Regions"/> and
/// whose preferences accept it, and (b) the enterprises in <see cref="ExplicitTargets"/>.
/// </summary>
/// <param name="Category">Warning category id, e.g. <c>telecom-fraud</c>.</param>
/// <param name="Severity">CAP severity; compared with each subscriber's minimum, and <see cref="Alerts.Severity.Extreme"/> bypasses quiet hours.</param>
/// <param name="Regions">
/// Division codes at any level: 220000 reaches every subscriber whose interest lies in Jilin
/// or is Jilin; 220102 also reaches subscribers who widened their interest to 220100 or 220000.
/// </param>
/// <param name="Industries">Industries the warning concerns; empty means all. Enterprises in other industries are not reached by region.</param>
/// <param name="ExplicitTargets">
/// Enterprises the warning names directly. They receive it whatever their region,
/// industry, categories and minimum severity, because the warning is about them; their
/// channels, quiet hours and opt-out still apply.
/// </param>
/// <param name="Channels">Channels the warning may be sent on.</param>
/// <param name="CapStatus">
/// CAP <c>status</c> of the warning: an <see cref="Alerts.CapStatus.Exercise"/> or
/// <see cref="Alerts.CapStatus.Test"/> reaches, among the contacts it would otherwise reach, only
/// those registered as exercise participants.
/// </param>
public sealed record WarningAudience(
    string Category,
    Severity Severity,
    IReadOnlyList<RegionCode> Regions,
    IReadOnlyList<IndustryCode> Industries,
    IReadOnlyList<UnifiedSocialCreditCode> ExplicitTargets,
    IReadOnlyList<Channel> Channels,
    CapStatus CapStatus = CapStatus.Actual);

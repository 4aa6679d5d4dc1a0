using RiskAlerts.Core.Industries;
using RiskAlerts.Core.Regions;

namespace RiskAlerts.Core.Enterprises;

/// <summary>An enterprise that can subscribe to warnings.</summary>
/// <param name="Uscc">Its unified social credit code; the enterprise's identity and tenancy key.</param>
/// <param name="Name">Registered name, e.g. 长春某某科技有限公司.</param>
/// <param name="RegisteredCounty">County-level unit of its registered address (the subscriptions table's partition).</param>
/// <param name="Industry">Its main industry, at least the section.</param>
public sealed record Enterprise(UnifiedSocialCreditCode Uscc, string Name, RegionCode RegisteredCounty, IndustryCode Industry);

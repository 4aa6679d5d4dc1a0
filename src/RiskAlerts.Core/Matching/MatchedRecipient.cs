using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Regions;

namespace RiskAlerts.Core.Matching;

/// <summary>Why a recipient was chosen.</summary>
public enum MatchReason
{
    /// <summary>The warning's regions overlap the subscriber's regions of interest and its preferences accept the warning.</summary>
    Region = 1,

    /// <summary>The warning names the enterprise directly (takes precedence when the region matches too).</summary>
    ExplicitTarget = 2,
}

/// <summary>One delivery to plan: one contact on one channel. The matcher returns at most one per contact × channel.</summary>
/// <param name="Uscc">The enterprise.</param>
/// <param name="ContactId">The contact within the enterprise.</param>
/// <param name="Channel">The channel to send on.</param>
/// <param name="Address">E.164 mobile number for SMS, email address for email. Personal data: mask before logging (<see cref="PersonalDataMask"/>).</param>
/// <param name="Reason">Why the recipient was chosen.</param>
/// <param name="DeferUntil">When quiet hours hold the delivery back, the end of the quiet period; null to send now.</param>
/// <param name="RegisteredCounty">The enterprise's registered county (for previews and partitioning).</param>
/// <param name="Precedence">The contact's precedence within the enterprise, lowest first: who is reached first when the warning escalates.</param>
/// <param name="EnterpriseName">The enterprise's name, carried onto its delivery rows so that they read without a look-up.</param>
public readonly record struct MatchedRecipient(
    UnifiedSocialCreditCode Uscc,
    string ContactId,
    Channel Channel,
    string Address,
    MatchReason Reason,
    DateTimeOffset? DeferUntil,
    RegionCode RegisteredCounty,
    int Precedence = 0,
    string? EnterpriseName = null);

using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Subscriptions;

namespace RiskAlerts.Core.Matching;

/// <summary>An enterprise with its subscription and contacts: one input row for the audience matcher.</summary>
/// <param name="Enterprise">The enterprise.</param>
/// <param name="Preferences">What it subscribed to.</param>
/// <param name="Contacts">Who receives warnings, with their addresses and channels.</param>
public sealed record Subscriber(Enterprise Enterprise, SubscriptionPreferences Preferences, IReadOnlyList<Contact> Contacts)
{
    /// <summary>The enterprise's credit code.</summary>
    public UnifiedSocialCreditCode Uscc => Enterprise.Uscc;
}

using RiskAlerts.Core.Alerts;

namespace RiskAlerts.Core.Matching;

/// <summary>
/// Finds who receives a warning. Pure: no I/O, no clock (the caller passes <c>now</c>).
/// </summary>
/// <remarks>
/// Rules, applied per subscriber:
/// <list type="number">
/// <item>Unsubscribed enterprises never receive anything.</item>
/// <item>An enterprise in <see cref="WarningAudience.ExplicitTargets"/> is matched with reason
/// <see cref="MatchReason.ExplicitTarget"/> whatever its regions, industry, categories and minimum severity.</item>
/// <item>Otherwise it is matched with reason <see cref="MatchReason.Region"/> when a warning region and a
/// region of interest overlap (either contains the other), the category is subscribed, the severity
/// reaches the subscriber's minimum, and the industry rule holds: the warning's industries (empty =
/// all) include the enterprise's industry and, when both the warning and the subscriber name
/// industries, they share one.</item>
/// <item>Each contact receives on each channel in warning channels ∩ subscription channels ∩
/// contact channels for which it has an address; exactly one recipient per contact × channel.</item>
/// <item>During the subscriber's quiet hours the recipient carries <see cref="MatchedRecipient.DeferUntil"/>
/// = the end of the quiet period; <see cref="Severity.Extreme"/> warnings are never deferred.</item>
/// <item>An address that waits for verification receives nothing, unless <c>reachUnverified</c>
/// (the caller's policy for the warning, e.g. <c>Extreme</c> ones) says otherwise.</item>
/// <item>An exercise or test (<see cref="CapStatusExtensions.IsRehearsal"/>) reaches only the contacts
/// registered as exercise participants; every other rule applies to them as to a real warning.</item>
/// </list>
/// Order of the result: grouped by subscriber, contacts in their listed order, SMS before email;
/// callers must not rely on the order of subscribers.
/// </remarks>
public static class AudienceMatcher
{
    /// <summary>Recipients of a warning among the indexed subscribers at <paramref name="now"/>.</summary>
    public static IReadOnlyList<MatchedRecipient> Match(WarningAudience audience, SubscriberIndex subscribers, DateTimeOffset now, bool reachUnverified = false)
    {
        ArgumentNullException.ThrowIfNull(audience);
        ArgumentNullException.ThrowIfNull(subscribers);
        return subscribers.Match(audience, now, reachUnverified);
    }

    /// <summary>Builds an index over <paramref name="subscribers"/> and matches; build the index yourself to match several warnings.</summary>
    public static IReadOnlyList<MatchedRecipient> Match(WarningAudience audience, IEnumerable<Subscriber> subscribers, DateTimeOffset now, bool reachUnverified = false) =>
        Match(audience, SubscriberIndex.Build(subscribers), now, reachUnverified);
}

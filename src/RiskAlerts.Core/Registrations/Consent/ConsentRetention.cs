using RiskAlerts.Core.Registrations.OptOut;

namespace RiskAlerts.Core.Registrations.Consent;

/// <summary>
/// Which consent events of one enterprise have outlived their purpose. The consent in force is told
/// by each contact's newest registration or change and the withdrawals after it (a partial one, of
/// one channel or one category, leaves the rest standing): those are kept whatever their age, as
/// long as the enterprise is registered. What they superseded proves what a contact had agreed to
/// before it withdrew; it is kept for <see cref="ConsentOptions.RetentionMonthsAfterWithdrawal"/>
/// months after that withdrawal and then goes. An enterprise-wide withdrawal (an API unsubscribe)
/// counts for every contact, and is itself superseded once the enterprise registers or changes again.
/// </summary>
public static class ConsentRetention
{
    /// <summary>The events to delete, given every event of one enterprise.</summary>
    /// <param name="events">Every consent event of the enterprise, in any order.</param>
    /// <param name="withdrawnBefore">Withdrawals before this moment have been kept long enough.</param>
    public static IReadOnlyList<ConsentEvent> Expired(IReadOnlyList<ConsentEvent> events, DateTimeOffset withdrawnBefore)
    {
        ArgumentNullException.ThrowIfNull(events);

        var enterpriseWideWithdrawal = LatestExpiredWithdrawal(events.Where(e => e.ContactId.Length == 0), withdrawnBefore);
        var anyChange = LatestChange(events);
        var expired = new List<ConsentEvent>();
        foreach (var contact in events.GroupBy(e => e.ContactId, StringComparer.Ordinal))
        {
            var enterpriseWide = contact.Key.Length == 0;
            var withdrawal = enterpriseWide ? enterpriseWideWithdrawal : Later(LatestExpiredWithdrawal(contact, withdrawnBefore), enterpriseWideWithdrawal);
            var inForceSince = enterpriseWide ? anyChange : LatestChange(contact);
            if (withdrawal is not { } until || inForceSince is not { } since)
            {
                continue;
            }

            expired.AddRange(contact.Where(e => e.At <= until && e.At < since));
        }

        return expired;
    }

    private static DateTimeOffset? LatestExpiredWithdrawal(IEnumerable<ConsentEvent> events, DateTimeOffset withdrawnBefore) =>
        events.Where(e => e.IsWithdrawal && e.At < withdrawnBefore).Select(e => (DateTimeOffset?)e.At).Max();

    private static DateTimeOffset? LatestChange(IEnumerable<ConsentEvent> events) =>
        events.Where(e => !e.IsWithdrawal).Select(e => (DateTimeOffset?)e.At).Max();

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a > b ? a : b;
}

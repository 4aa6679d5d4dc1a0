using RiskAlerts.Core.Acknowledgements;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Registrations;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Warnings;

namespace RiskAlerts.Core.Deliveries.Received;

/// <summary>A warning that reached an enterprise, and when the enterprise (any of its contacts, or itself) first acknowledged it.</summary>
/// <param name="Warning">The warning.</param>
/// <param name="AcknowledgedAt">The first acknowledgement; null when none.</param>
public sealed record ReceivedWarning(Warning Warning, DateTimeOffset? AcknowledgedAt);

/// <summary>One page of an enterprise's received warnings.</summary>
/// <param name="Items">Newest first.</param>
/// <param name="WarningsSearched">How many warnings this page looked at.</param>
/// <param name="ContinuationToken">Where the next (older) page starts; null when no older warning is left.</param>
public sealed record ReceivedWarningPage(IReadOnlyList<ReceivedWarning> Items, int WarningsSearched, string? ContinuationToken);

/// <summary>
/// The warnings that reached an enterprise, newest first, each with its acknowledgement: the
/// enterprise's own view, and operators' and admins' when they follow it up.
/// <para>
/// Nothing is written for it on the delivery path. The planner writes each warning's rows in
/// 100-row transactions per shard; an index row per enterprise would be one more request per
/// enterprise reached (each its own partition, so none could share a transaction), tens of
/// thousands for a province broadcast, while the broadcast is racing to go out. Instead a page
/// walks the newest warnings (their listing is newest first) and asks, for each, whether the row of
/// any current contact and channel exists: that row's place is known from the address (its shard)
/// and the channel, enterprise and contact (its key), so each check is a point read, not a search of
/// the warning's rows. A row written for a contact since removed or renumbered is not found by this;
/// the export (which searches every row) still holds it.
/// </para>
/// </summary>
public sealed class ListReceivedWarningsHandler(
    IEnterpriseRegistry registry,
    IWarningStore warnings,
    IDeliveryStore deliveries,
    IAcknowledgementStore acknowledgements)
{
    /// <summary>How many warnings one page looks at: each costs a point read per contact and channel.</summary>
    public const int WarningsPerPage = 100;

    private const int WarningsAtOnce = 8;

    /// <returns>The page, or null when the enterprise is not registered.</returns>
    /// <exception cref="Validation.RequestValidationException">The code is malformed (field <c>uscc</c>).</exception>
    /// <exception cref="AccessDeniedException">The caller is another enterprise.</exception>
    public async Task<ReceivedWarningPage?> HandleAsync(Principal principal, string? uscc, string? continuationToken, CancellationToken cancellationToken = default)
    {
        var code = RegistrationAccess.AuthorizeRead(principal, uscc);
        if (await registry.FindAsync(code, cancellationToken) is not { } registration)
        {
            return null;
        }

        var rows = RowsOf(registration.Subscriber);
        var page = await warnings.ListAsync(new WarningQuery { PageSize = WarningsPerPage, ContinuationToken = continuationToken }, cancellationToken);
        var found = new ReceivedWarning?[page.Items.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, page.Items.Count),
            new ParallelOptions { MaxDegreeOfParallelism = WarningsAtOnce, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var warning = page.Items[i];

                // One that expired before the enterprise registered was never planned for it.
                if (rows.Count == 0 || warning.ExpiresAt < registration.RegisteredAt || !await deliveries.HasAnyAsync(warning.Id, rows, token))
                {
                    return;
                }

                var acknowledged = await acknowledgements.ListAsync(warning.Id, code.Value, token);
                found[i] = new ReceivedWarning(warning, acknowledged.Count == 0 ? null : acknowledged.Min(a => a.At));
            });
        return new ReceivedWarningPage([.. found.OfType<ReceivedWarning>().OrderByDescending(r => r.Warning.AcceptedAt)], page.Items.Count, page.ContinuationToken);
    }

    /// <summary>Where the rows of the enterprise's current contacts sit, for every channel they have an address for.</summary>
    public static IReadOnlyList<DeliveryRowAddress> RowsOf(Subscriber subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        return
        [
            .. from contact in subscriber.Contacts
               from channel in new[] { Channel.Sms, Channel.Email }
               let address = contact.AddressFor(channel)
               where !string.IsNullOrEmpty(address)
               select new DeliveryRowAddress(DeliveryKeys.ShardOf(address), DeliveryKeys.RowKey(channel, subscriber.Uscc.Value, contact.Id)),
        ];
    }
}

using RiskAlerts.Core.Deliveries;

namespace RiskAlerts.Core.Privacy;

/// <summary>
/// Pseudonymises delivery rows in storage: each row's address becomes its keyed hash (see
/// <see cref="AddressPseudonymiser"/>). Rows already pseudonymised are not written again, so running
/// it twice over the same rows is harmless.
/// </summary>
public sealed class DeliveryRowPseudonymisation(IDeliveryStore deliveries, AddressPseudonymiser pseudonymiser)
{
    private const int RowsPerTransaction = 100;

    /// <summary>Pseudonymises the rows (as read, with their ETags) and returns how many were changed.</summary>
    /// <exception cref="DeliveryConcurrencyException">A row changed since it was read; reading and running again finishes the work.</exception>
    public async Task<int> PseudonymiseAsync(IEnumerable<DeliveryRecord> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var changed = 0;
        foreach (var partition in rows.Where(r => !AddressPseudonymiser.IsPseudonym(r.Address)).GroupBy(r => r.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(RowsPerTransaction))
            {
                await deliveries.WritePseudonymsAsync([.. chunk.Select(pseudonymiser.Pseudonymise)], cancellationToken);
                changed += chunk.Length;
            }
        }

        return changed;
    }
}

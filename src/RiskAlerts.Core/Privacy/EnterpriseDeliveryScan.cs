using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Warnings;

namespace RiskAlerts.Core.Privacy;

/// <summary>The delivery rows of one warning to one enterprise.</summary>
public sealed record WarningDeliveries(Warning Warning, IReadOnlyList<DeliveryRecord> Rows);

/// <summary>
/// The delivery rows to one enterprise across every warning: one query per warning over its
/// partitions (rows sit in the shards of their addresses, not of the enterprise). Erasure and
/// export are rare, so this reads every warning rather than keeping an index per enterprise; it
/// costs one query per warning ever accepted, eight at once.
/// </summary>
public sealed class EnterpriseDeliveryScan(IWarningStore warnings, IDeliveryStore deliveries)
{
    private const int WarningsAtOnce = 8;
    private const int WarningsPerPage = 200;

    /// <summary>Every warning with the enterprise's rows, in the order the warning store lists them; warnings without any are left out.</summary>
    public async Task<IReadOnlyList<WarningDeliveries>> FindAsync(string uscc, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uscc);
        var all = new List<Warning>();
        string? token = null;
        do
        {
            var page = await warnings.ListAsync(new WarningQuery { PageSize = WarningsPerPage, ContinuationToken = token }, cancellationToken);
            all.AddRange(page.Items);
            token = page.ContinuationToken;
        }
        while (token is not null);

        var found = new WarningDeliveries?[all.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, all.Count),
            new ParallelOptions { MaxDegreeOfParallelism = WarningsAtOnce, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var rows = await deliveries.FindByEnterpriseAsync(all[i].Id, uscc, token);
                found[i] = rows.Count == 0 ? null : new WarningDeliveries(all[i], [.. rows.OrderBy(r => r.RowKey, StringComparer.Ordinal)]);
            });
        return [.. found.OfType<WarningDeliveries>()];
    }

    /// <summary>The enterprise's rows of one warning, read again (after a concurrent change).</summary>
    public async Task<WarningDeliveries> ReadAgainAsync(Warning warning, string uscc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(warning);
        return new WarningDeliveries(warning, await deliveries.FindByEnterpriseAsync(warning.Id, uscc, cancellationToken));
    }
}

using Azure.Data.Tables;
using RiskAlerts.Core.Matching;

namespace RiskAlerts.Infrastructure.Storage.Enterprises;

/// <summary>
/// Writes broadcast index rows for many registry records at once, in entity group transactions
/// of at most 100 rows of one partition (the Table service's limit): for rebuilding the
/// <c>Subscriptions</c> table from the <c>Enterprises</c> table after a restore, and for load
/// tests. Day-to-day changes go through the registry, which keeps the two tables in line.
/// </summary>
public static class SubscriptionIndexBulkWriter
{
    private const int TransactionSize = 100;

    /// <summary>Upserts one row per region of interest of every subscribed record; unsubscribed records are skipped.</summary>
    /// <param name="subscriptions">The <c>Subscriptions</c> table.</param>
    /// <param name="records">Subscribers with the registry version their rows are copied from.</param>
    /// <param name="maxConcurrency">Transactions in flight at once.</param>
    /// <param name="cancellationToken">Stops between transactions.</param>
    /// <returns>The number of rows written.</returns>
    public static async Task<int> WriteAsync(TableClient subscriptions, IEnumerable<(Subscriber Subscriber, long Version)> records, int maxConcurrency = 4, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        ArgumentNullException.ThrowIfNull(records);
        var batches = records
            .Where(r => !r.Subscriber.Preferences.Unsubscribed)
            .SelectMany(r => r.Subscriber.Preferences.Regions.Distinct().Select(region =>
            {
                var row = new TableEntity(region.ToString(), r.Subscriber.Uscc.Value);
                SubscriberColumns.Write(row, r.Subscriber, r.Version);
                return row;
            }))
            .GroupBy(row => row.PartitionKey, StringComparer.Ordinal)
            .SelectMany(partition => partition.DistinctBy(row => row.RowKey, StringComparer.Ordinal).Chunk(TransactionSize))
            .ToList();

        await Parallel.ForEachAsync(
            batches,
            new ParallelOptions { MaxDegreeOfParallelism = maxConcurrency, CancellationToken = cancellationToken },
            async (batch, token) => await subscriptions.SubmitTransactionAsync(
                batch.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)),
                token));
        return batches.Sum(b => b.Length);
    }
}

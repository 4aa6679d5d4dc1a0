using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Deliveries.Receipts;

namespace RiskAlerts.Infrastructure.Storage.Deliveries;

/// <summary>
/// The message index in the <c>Deliveries</c> table, beside the daily cap counters (whose partitions
/// are per day and shard too): PK <c>smsid_{yyyyMMdd}_{shard}</c>, RK the message id, the delivery
/// row's keys as columns. A batch's entries share a partition, so they are one transaction.
/// </summary>
internal sealed class TableSmsMessageIndex(TableServiceClient tables, IOptions<StorageOptions> options) : ISmsMessageIndex
{
    private const int TransactionSize = 100;
    private const string RowPartitionColumn = "DeliveryPartition";
    private const string RowKeyColumn = "DeliveryRow";
    private static readonly string[] Selected = [RowPartitionColumn, RowKeyColumn];

    private readonly TableClient _table = tables.GetTableClient(options.Value.DeliveriesTable);

    public async Task RecordAsync(DateOnly sendDay, int shard, IReadOnlyList<SmsMessageIndexEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var partition = SmsMessageIndexKeys.PartitionKey(sendDay, shard);

        // A provider answers one id per number; the same id twice would fail the transaction.
        foreach (var chunk in entries.DistinctBy(e => SmsMessageIndexKeys.RowKey(e.ProviderMessageId)).Chunk(TransactionSize))
        {
            await _table.SubmitTransactionAsync(
                chunk.Select(e => new TableTransactionAction(
                    TableTransactionActionType.UpsertReplace,
                    new TableEntity(partition, SmsMessageIndexKeys.RowKey(e.ProviderMessageId)) { [RowPartitionColumn] = e.PartitionKey, [RowKeyColumn] = e.RowKey })),
                cancellationToken);
        }
    }

    public async Task<SmsMessageIndexEntry?> FindAsync(int shard, IReadOnlyList<DateOnly> sendDays, string providerMessageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sendDays);
        ArgumentException.ThrowIfNullOrEmpty(providerMessageId);
        var rowKey = SmsMessageIndexKeys.RowKey(providerMessageId);
        foreach (var day in sendDays)
        {
            var found = await _table.GetEntityIfExistsAsync<TableEntity>(SmsMessageIndexKeys.PartitionKey(day, shard), rowKey, Selected, cancellationToken);
            if (found.HasValue && found.Value!.GetString(RowPartitionColumn) is { Length: > 0 } partition && found.Value.GetString(RowKeyColumn) is { Length: > 0 } row)
            {
                return new SmsMessageIndexEntry(providerMessageId, partition, row);
            }
        }

        return null;
    }
}

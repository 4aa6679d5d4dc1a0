using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Operations.Audit;

namespace RiskAlerts.Infrastructure.Storage.Operations;

/// <summary>
/// The audit trail in the <c>Operations</c> table: one partition per UTC day (<c>Audit_yyyyMMdd</c>),
/// row keys counting down from the end of time so that a partition reads newest first.
/// </summary>
internal sealed class TableOperatorAuditTrail(TableServiceClient tables, IOptions<StorageOptions> options) : IOperatorAuditTrail
{
    private const string PartitionPrefix = "Audit_";
    private const int TransactionSize = 100;
    private readonly TableClient _table = tables.GetTableClient(options.Value.OperationsTable);

    public async Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);

        // Inverted ticks order the day newest first; the random tail keeps two entries of one tick apart.
        var rowKey = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.UtcTicks - entry.At.UtcTicks:D19}_{Guid.NewGuid():N}");
        var entity = new TableEntity(Partition(DateOnly.FromDateTime(entry.At.UtcDateTime)), rowKey)
        {
            [nameof(AuditEntry.At)] = entry.At,
            [nameof(AuditEntry.Actor)] = entry.Actor,
            [nameof(AuditEntry.Action)] = entry.Action,
            [nameof(AuditEntry.Target)] = entry.Target,
            [nameof(AuditEntry.Detail)] = entry.Detail,
        };
        await _table.AddEntityAsync(entity, cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(DateOnly day, int max, CancellationToken cancellationToken = default)
    {
        var entries = new List<AuditEntry>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(day)}");
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1_000), cancellationToken: cancellationToken))
        {
            entries.Add(new AuditEntry(
                entity.GetDateTimeOffset(nameof(AuditEntry.At)) ?? entity.Timestamp ?? DateTimeOffset.MinValue,
                entity.GetString(nameof(AuditEntry.Actor)) ?? string.Empty,
                entity.GetString(nameof(AuditEntry.Action)) ?? string.Empty,
                entity.GetString(nameof(AuditEntry.Target)) ?? string.Empty,
                entity.GetString(nameof(AuditEntry.Detail))));
            if (entries.Count == max)
            {
                break;
            }
        }

        return entries;
    }

    public async Task<int> DeleteBeforeAsync(DateOnly firstKeptDay, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);

        // Day partitions sort by date, so the days before the first one kept are one key range.
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {PartitionPrefix} and PartitionKey lt {Partition(firstKeptDay)}");
        var due = new List<(string Partition, string Row)>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1_000), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            due.Add((row.PartitionKey, row.RowKey));
            if (due.Count == max)
            {
                break;
            }
        }

        foreach (var day in due.GroupBy(d => d.Partition, StringComparer.Ordinal))
        {
            foreach (var chunk in day.Chunk(TransactionSize))
            {
                await _table.SubmitTransactionAsync(chunk.Select(d => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(d.Partition, d.Row), ETag.All)), cancellationToken);
            }
        }

        return due.Count;
    }

    private static string Partition(DateOnly day) => PartitionPrefix + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}

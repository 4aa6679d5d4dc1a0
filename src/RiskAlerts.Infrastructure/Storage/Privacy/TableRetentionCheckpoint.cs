using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Privacy.Retention;

namespace RiskAlerts.Infrastructure.Storage.Privacy;

/// <summary>The retention run's checkpoint: one row of the <c>Operations</c> table (PK <c>Retention</c>, RK <c>deliveries</c>).</summary>
internal sealed class TableRetentionCheckpoint(TableServiceClient tables, IOptions<StorageOptions> options) : IRetentionCheckpoint
{
    private const string PartitionKey = "Retention";
    private const string RowKey = "deliveries";
    private readonly TableClient _table = tables.GetTableClient(options.Value.OperationsTable);

    public async Task<RetentionPosition?> ReadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var row = await _table.GetEntityIfExistsAsync<TableEntity>(PartitionKey, RowKey, cancellationToken: cancellationToken);
            return row.HasValue && row.Value!.GetDateTimeOffset("AcceptedAt") is { } at && row.Value.GetString("WarningId") is { Length: > 0 } id
                ? new RetentionPosition(at, id)
                : null;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task WriteAsync(RetentionPosition position, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(position);
        await _table.UpsertEntityAsync(
            new TableEntity(PartitionKey, RowKey) { ["AcceptedAt"] = position.AcceptedAt, ["WarningId"] = position.WarningId },
            TableUpdateMode.Replace,
            cancellationToken);
    }
}

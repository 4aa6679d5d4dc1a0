using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Operations.Pauses;

namespace RiskAlerts.Infrastructure.Storage.Operations;

/// <summary>
/// Pauses in the <c>Operations</c> table: PK <c>Pause</c>, one row per target (RK <c>channel:sms</c>,
/// <c>provider:{name}</c>, the name escaped so that any configured name is a valid key). The table
/// holds other partitions (the operators' audit trail); this store reads and writes only its own.
/// </summary>
internal sealed class TableChannelPauseStore(TableServiceClient tables, IOptions<StorageOptions> options) : IChannelPauseStore
{
    private const string PartitionKey = "Pause";
    private readonly TableClient _table = tables.GetTableClient(options.Value.OperationsTable);

    public async Task<IReadOnlyList<ChannelPause>> ListAsync(CancellationToken cancellationToken = default)
    {
        var pauses = new List<ChannelPause>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (Enum.TryParse<PauseTargetKind>(row.GetString("Kind"), out var kind) && row.GetString("Name") is { Length: > 0 } name)
            {
                pauses.Add(new ChannelPause(
                    new PauseTarget(kind, name),
                    row.GetString("PausedBy") ?? string.Empty,
                    row.GetDateTimeOffset("PausedAt") ?? row.Timestamp ?? DateTimeOffset.MinValue,
                    row.GetString("Reason") ?? string.Empty));
            }
        }

        return pauses;
    }

    public async Task PauseAsync(ChannelPause pause, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pause);
        var row = new TableEntity(PartitionKey, RowKey(pause.Target))
        {
            ["Kind"] = pause.Target.Kind.ToString(),
            ["Name"] = pause.Target.Name,
            ["PausedBy"] = pause.PausedBy,
            ["PausedAt"] = pause.PausedAt,
            ["Reason"] = pause.Reason,
        };
        await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<bool> ResumeAsync(PauseTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        try
        {
            // The client answers a missing entity with its 404 response rather than an exception.
            var response = await _table.DeleteEntityAsync(PartitionKey, RowKey(target), cancellationToken: cancellationToken);
            return response.Status != 404;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    private static string RowKey(PauseTarget target) => (target with { Name = Uri.EscapeDataString(target.Name) }).Key;
}

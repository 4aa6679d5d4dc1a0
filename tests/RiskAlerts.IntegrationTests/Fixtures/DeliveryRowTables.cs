using Azure.Data.Tables;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Infrastructure.Storage;

namespace RiskAlerts.IntegrationTests.Fixtures;

/// <summary>
/// The delivery rows as they are stored, read and changed through the official client: each shard's
/// rows in a table of their own (<see cref="StorageOptions.DeliveryShardTable"/>).
/// </summary>
public static class DeliveryRowTables
{
    private static readonly StorageOptions Names = new();

    /// <summary>The table of a delivery partition (<c>{warningId}_{shard:D2}</c>).</summary>
    public static TableClient Of(TableServiceClient tables, string partitionKey) =>
        tables.GetTableClient(Names.DeliveryShardTable(DeliveryKeys.ShardOfPartition(partitionKey)));

    /// <summary>Every row of a warning, shard after shard, optionally narrowed by <paramref name="condition"/> (an OData filter).</summary>
    public static async Task<List<TableEntity>> RowsOfWarningAsync(TableServiceClient tables, string warningId, IEnumerable<string>? select = null, string? condition = null, CancellationToken cancellationToken = default)
    {
        var columns = select?.ToList();
        var rows = new List<TableEntity>();
        for (var shard = 0; shard < DeliveryKeys.ShardCount; shard++)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {DeliveryKeys.PartitionKey(warningId, shard)}") + (condition is null ? string.Empty : $" and ({condition})");
            await foreach (var row in tables.GetTableClient(Names.DeliveryShardTable(shard)).QueryAsync<TableEntity>(filter, select: columns, cancellationToken: cancellationToken))
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    /// <summary>Every row of every warning that <paramref name="filter"/> (an OData filter) selects.</summary>
    public static async Task<List<TableEntity>> QueryAsync(TableServiceClient tables, string filter, CancellationToken cancellationToken = default)
    {
        var rows = new List<TableEntity>();
        foreach (var table in Names.DeliveryShardTables())
        {
            await foreach (var row in tables.GetTableClient(table).QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                rows.Add(row);
            }
        }

        return rows;
    }
}

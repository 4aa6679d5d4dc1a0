using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Warnings;

namespace RiskAlerts.Infrastructure.Storage;

/// <summary>Warnings in Azure Table Storage.</summary>
internal sealed class TableWarningStore(TableServiceClient tables, IOptions<StorageOptions> options) : IWarningStore
{
    private readonly TableClient _table = tables.GetTableClient(options.Value.WarningsTable);

    public async Task InsertAsync(Warning warning, CancellationToken cancellationToken = default)
    {
        try
        {
            await _table.AddEntityAsync(WarningEntity.FromWarning(warning), cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            throw new WarningAlreadyExistsException(warning.Id);
        }
    }

    public async Task<Warning?> FindAsync(string warningId, CancellationToken cancellationToken = default)
    {
        var response = await _table.GetEntityIfExistsAsync<WarningEntity>(warningId, WarningEntity.WarningRowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value!.ToWarning() : null;
    }

    public async Task MarkPublishedAsync(string warningId, DateTimeOffset publishedAt, CancellationToken cancellationToken = default)
    {
        // A merge of one property with ETag "*": publishing is idempotent, so a concurrent
        // writer of other properties (the planner moving the status on) must not be overwritten.
        var patch = new TableEntity(warningId, WarningEntity.WarningRowKey)
        {
            [nameof(WarningEntity.PublishedAt)] = publishedAt,
        };
        await _table.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }
}

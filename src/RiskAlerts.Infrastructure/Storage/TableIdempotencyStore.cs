using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Idempotency;

namespace RiskAlerts.Infrastructure.Storage;

/// <summary>
/// Idempotency keys in Table Storage: PK = a hash of the scope (the caller), RK = a hash of the key,
/// so any characters a caller puts in a key are safe as table keys. An insert that conflicts means
/// the key was claimed before; the stored claim is then read back.
/// </summary>
internal sealed class TableIdempotencyStore(TableServiceClient tables, IOptions<StorageOptions> options, TimeProvider timeProvider) : IIdempotencyStore
{
    private readonly TableClient _table = tables.GetTableClient(options.Value.IdempotencyTable);

    public async Task<IdempotencyRecord> ClaimAsync(string scope, string key, string requestHash, string resourceId, CancellationToken cancellationToken = default)
    {
        var partitionKey = Hash(scope);
        var rowKey = Hash(key);
        var claim = new TableEntity(partitionKey, rowKey)
        {
            ["ResourceId"] = resourceId,
            ["RequestHash"] = requestHash,
            ["ClaimedAt"] = timeProvider.GetUtcNow(),
        };
        try
        {
            await _table.AddEntityAsync(claim, cancellationToken);
            return new IdempotencyRecord(resourceId, requestHash, IsNew: true);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var earlier = await _table.GetEntityAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
            return new IdempotencyRecord(earlier.Value.GetString("ResourceId"), earlier.Value.GetString("RequestHash"), IsNew: false);
        }
    }

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}

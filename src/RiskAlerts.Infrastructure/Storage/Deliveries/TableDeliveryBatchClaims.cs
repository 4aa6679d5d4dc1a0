using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Deliveries.Send;

namespace RiskAlerts.Infrastructure.Storage.Deliveries;

/// <summary>
/// Batch claims as rows of the <c>Deliveries</c> table: PK <c>batch-claims_{warningId}</c>, RK the
/// message id (made safe for a key), columns <c>Owner</c> (the handling that holds it, for operators)
/// and <c>HeldUntil</c>. A first claim is one insert; a claim whose lease ran out or that was released
/// is taken over with a replace conditional on its ETag, so of two senders only one wins it. Two
/// handlings of the same message in one process are two holders like any others. The prefix never looks like
/// a warning's delivery partition, so listings and summaries never see these rows.
/// </summary>
internal sealed class TableDeliveryBatchClaims(TableServiceClient tables, IOptions<StorageOptions> options) : IDeliveryBatchClaims
{
    public const string PartitionPrefix = "batch-claims_";
    private const string OwnerColumn = "Owner";
    private const string HeldUntilColumn = "HeldUntil";
    private const int MaxAttempts = 3;

    private static readonly string Process = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}");

    private readonly TableClient _table = tables.GetTableClient(options.Value.DeliveriesTable);

    public async Task<BatchClaim> ClaimAsync(string warningId, string messageId, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(warningId);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        var partitionKey = PartitionPrefix + warningId;
        var rowKey = DeliveryKeys.Sanitise(messageId);
        var heldUntil = now + lease;
        var owner = string.Create(CultureInfo.InvariantCulture, $"{Process}:{Guid.NewGuid():N}");
        var claim = new TableEntity(partitionKey, rowKey) { [OwnerColumn] = owner, [HeldUntilColumn] = heldUntil };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var added = await _table.AddEntityAsync(claim, cancellationToken);
                return new BatchClaim(warningId, messageId, BatchClaimState.Acquired, heldUntil, added.Headers.ETag?.ToString());
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Claimed before: by a sender that stopped, by this one, or by one still at work.
            }

            var existing = await _table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
            if (!existing.HasValue)
            {
                continue; // Removed in between (retention): claim it afresh.
            }

            var current = existing.Value!;
            var until = current.GetDateTimeOffset(HeldUntilColumn) ?? DateTimeOffset.MinValue;
            if (until > now)
            {
                return new BatchClaim(warningId, messageId, BatchClaimState.HeldByAnother, until, current.ETag.ToString());
            }

            try
            {
                var replaced = await _table.UpdateEntityAsync(claim, current.ETag, TableUpdateMode.Replace, cancellationToken);
                return new BatchClaim(warningId, messageId, BatchClaimState.TakenOver, heldUntil, replaced.Headers.ETag?.ToString());
            }
            catch (RequestFailedException ex) when (ex.Status is 412 or 404 && attempt < MaxAttempts)
            {
                // Another sender took it over first, or it was released: look again.
            }
        }
    }

    public async Task ReleaseAsync(BatchClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        try
        {
            // Ended, not deleted: the next sender takes the batch over at once and still knows that
            // requests of it may have left.
            var released = new TableEntity(PartitionPrefix + claim.WarningId, DeliveryKeys.Sanitise(claim.MessageId))
            {
                [OwnerColumn] = "released by " + Process,
                [HeldUntilColumn] = DateTimeOffset.UnixEpoch,
            };
            await _table.UpdateEntityAsync(released, claim.ETag is null ? ETag.All : new ETag(claim.ETag), TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Gone, or taken over by another sender: nothing of ours to release.
        }
    }
}

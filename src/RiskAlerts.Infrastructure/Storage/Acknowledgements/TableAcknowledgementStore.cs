using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Acknowledgements;
using RiskAlerts.Core.Deliveries;

namespace RiskAlerts.Infrastructure.Storage.Acknowledgements;

/// <summary>
/// Acknowledgements as rows of the <c>Deliveries</c> table: PK <c>acks_{warningId}</c>, so a warning's
/// acknowledgements are one partition query; RK <c>{uscc}_{contactId}</c> (the contact id made safe
/// for a key), or <c>{uscc}</c> for the enterprise itself, so a contact's first acknowledgement is
/// one insert and a second one a conflict that changes nothing. The prefix never looks like a
/// warning's delivery partition, so listings and summaries never see these rows.
/// </summary>
internal sealed class TableAcknowledgementStore(TableServiceClient tables, IOptions<StorageOptions> options) : IAcknowledgementStore
{
    public const string PartitionPrefix = "acks_";
    private const string WarningIdColumn = "WarningId";
    private const string UsccColumn = "Uscc";
    private const string ContactIdColumn = "ContactId";
    private const string ChannelColumn = "Channel";
    private const string AtColumn = "At";
    private const string ByColumn = "By";

    private readonly TableClient _table = tables.GetTableClient(options.Value.DeliveriesTable);

    public async Task<AcknowledgementResult> AddAsync(Acknowledgement acknowledgement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        var entity = new TableEntity(PartitionPrefix + acknowledgement.WarningId, RowKey(acknowledgement.Uscc, acknowledgement.ContactId))
        {
            [WarningIdColumn] = acknowledgement.WarningId,
            [UsccColumn] = acknowledgement.Uscc,
            [ContactIdColumn] = acknowledgement.ContactId,
            [ChannelColumn] = acknowledgement.Channel.ToString(),
            [AtColumn] = acknowledgement.At,
            [ByColumn] = acknowledgement.By,
        };
        try
        {
            await _table.AddEntityAsync(entity, cancellationToken);
            return new AcknowledgementResult(acknowledgement, Recorded: true);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Acknowledged before: the first one stands.
            var first = await _table.GetEntityAsync<TableEntity>(entity.PartitionKey, entity.RowKey, cancellationToken: cancellationToken);
            return new AcknowledgementResult(FromEntity(first.Value), Recorded: false);
        }
    }

    public Task<IReadOnlyList<Acknowledgement>> ListAsync(string warningId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(warningId);
        return QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {PartitionPrefix + warningId}"), cancellationToken);
    }

    public Task<IReadOnlyList<Acknowledgement>> ListAsync(string warningId, string uscc, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(warningId);
        ArgumentException.ThrowIfNullOrEmpty(uscc);
        // The enterprise's own row is {uscc}; its contacts' rows {uscc}_...: '_' + 1 is '`'.
        return QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {PartitionPrefix + warningId} and RowKey ge {uscc} and RowKey lt {uscc + "`"}"), cancellationToken);
    }

    private async Task<IReadOnlyList<Acknowledgement>> QueryAsync(string filter, CancellationToken cancellationToken)
    {
        var found = new List<Acknowledgement>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(FromEntity(entity));
        }

        return found;
    }

    private static string RowKey(string uscc, string? contactId) => contactId is null ? uscc : $"{uscc}_{DeliveryKeys.Sanitise(contactId)}";

    private static Acknowledgement FromEntity(TableEntity entity) => new(
        entity.GetString(WarningIdColumn) ?? string.Empty,
        entity.GetString(UsccColumn) ?? string.Empty,
        entity.GetString(ContactIdColumn),
        Enum.TryParse<AcknowledgementChannel>(entity.GetString(ChannelColumn), out var channel) ? channel : AcknowledgementChannel.Api,
        entity.GetDateTimeOffset(AtColumn) ?? DateTimeOffset.MinValue,
        entity.GetString(ByColumn));
}

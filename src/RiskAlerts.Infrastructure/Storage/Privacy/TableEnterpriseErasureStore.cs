using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Privacy;
using RiskAlerts.Core.Registrations.OptOut;
using RiskAlerts.Infrastructure.Storage.Acknowledgements;
using RiskAlerts.Infrastructure.Storage.Deliveries;
using RiskAlerts.Infrastructure.Storage.Enterprises;

namespace RiskAlerts.Infrastructure.Storage.Privacy;

/// <summary>
/// Erasure over the tables as the other stores lay them out:
/// <list type="bullet">
/// <item><c>Enterprises</c>: the enterprise's partition (its <c>profile</c> row and <c>consent_</c>
/// rows) is emptied and an <c>erased</c> row left in it, which listings (<c>RowKey eq 'profile'</c>)
/// and consent reads (<c>consent_</c> prefix) never see.</item>
/// <item><c>Subscriptions</c>: every row whose row key is the code, whatever its region (the registry's
/// bookkeeping may lag behind a write cut short).</item>
/// <item><c>Deliveries</c>: the opt-out ledger (<c>optouts_</c>, by the <c>Uscc</c> column), the
/// acknowledgements (<c>acks_{warningId}</c>, row keys from the code) and the SMS daily counts
/// (<c>sms-cap_{day}_{shard}</c>, whose <c>Numbers</c> lose the enterprise's numbers).</item>
/// </list>
/// </summary>
internal sealed class TableEnterpriseErasureStore(TableServiceClient tables, IOptions<StorageOptions> options) : IEnterpriseErasureStore
{
    public const string ErasedRowKey = "erased";
    public const string ErasedContactPrefix = "erased-contact_";
    private const int TransactionSize = 100;
    private const string NumbersColumn = "Numbers";

    private readonly TableClient _enterprises = tables.GetTableClient(options.Value.EnterprisesTable);
    private readonly TableClient _subscriptions = tables.GetTableClient(options.Value.SubscriptionsTable);
    private readonly TableClient _deliveries = tables.GetTableClient(options.Value.DeliveriesTable);

    public async Task<EnterpriseErasure?> FindAsync(string uscc, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uscc);
        var row = await _enterprises.GetEntityIfExistsAsync<TableEntity>(uscc, ErasedRowKey, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }

        var e = row.Value!;
        return new EnterpriseErasure(
            uscc,
            e.GetDateTimeOffset(nameof(EnterpriseErasure.ErasedAt)) ?? DateTimeOffset.MinValue,
            e.GetString(nameof(EnterpriseErasure.ErasedBy)) ?? string.Empty,
            e.GetInt32(nameof(EnterpriseErasure.Contacts)) ?? 0,
            e.GetInt32(nameof(EnterpriseErasure.Deliveries)) ?? 0);
    }

    public async Task<int> RemoveFromIndexAsync(string uscc, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uscc);
        var deleted = 0;
        // A scan of the index by row key: rare, and it finds rows the bookkeeping lost track of.
        await foreach (var row in _subscriptions.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {uscc}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await _subscriptions.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
            deleted++;
        }

        return deleted;
    }

    public async Task<int> ForgetSmsCountsAsync(string warningId, IReadOnlyCollection<string> phones, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(warningId);
        ArgumentNullException.ThrowIfNull(phones);
        var changed = 0;
        for (var day = firstDay; day <= lastDay; day = day.AddDays(1))
        {
            foreach (var group in phones.GroupBy(p => TableSmsDailyCounter.PartitionFor(day, p), StringComparer.Ordinal))
            {
                var forget = group.ToHashSet(StringComparer.Ordinal);
                // The warning's rows of the partition: row keys {warningId}_{digest}_{part}; '_' + 1 is '`'.
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {group.Key} and RowKey gt {warningId + "_"} and RowKey lt {warningId + "`"}");
                await foreach (var row in _deliveries.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
                {
                    var numbers = (row.GetString(NumbersColumn) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries);
                    var kept = numbers.Where(n => !forget.Contains(n)).ToArray();
                    if (kept.Length == numbers.Length)
                    {
                        continue;
                    }

                    changed++;
                    if (kept.Length == 0)
                    {
                        await _deliveries.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
                    }
                    else
                    {
                        // A redelivered batch may write the row again meanwhile; its numbers are planned
                        // ones, which the erased enterprise no longer has.
                        await _deliveries.UpdateEntityAsync(new TableEntity(row.PartitionKey, row.RowKey) { [NumbersColumn] = string.Join(',', kept) }, ETag.All, TableUpdateMode.Replace, cancellationToken);
                    }
                }
            }
        }

        return changed;
    }

    public async Task<IReadOnlyList<OptOutEntry>> ListOptOutsAsync(string uscc, CancellationToken cancellationToken = default)
    {
        var entries = new List<OptOutEntry>();
        await foreach (var row in OptOutRowsAsync(uscc, cancellationToken))
        {
            if (ChannelExtensions.TryParseWireName(row.GetString("Channel"), out var channel))
            {
                entries.Add(new OptOutEntry(channel, row.GetString("Address") ?? string.Empty, uscc, row.GetString("Category"), row.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue));
            }
        }

        return [.. entries.OrderByDescending(e => e.At)];
    }

    public async Task<int> DeleteOptOutsAsync(string uscc, IReadOnlySet<string>? addresses, CancellationToken cancellationToken = default)
    {
        var deleted = 0;
        await foreach (var row in OptOutRowsAsync(uscc, cancellationToken))
        {
            if (addresses is not null && !addresses.Contains(row.GetString("Address") ?? string.Empty))
            {
                continue;
            }

            await _deliveries.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);
            deleted++;
        }

        return deleted;
    }

    public async Task<int> DeleteAcknowledgementsAsync(string warningId, string uscc, string? contactId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(warningId);
        ArgumentException.ThrowIfNullOrEmpty(uscc);
        // The enterprise's own row is {uscc}, its contacts' {uscc}_{contact id made safe}: '_' + 1 is '`'.
        var filter = contactId is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {TableAcknowledgementStore.PartitionPrefix + warningId} and RowKey ge {uscc} and RowKey lt {uscc + "`"}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {TableAcknowledgementStore.PartitionPrefix + warningId} and RowKey eq {uscc + "_" + DeliveryKeys.Sanitise(contactId)}");
        var keys = new List<string>();
        await foreach (var row in _deliveries.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            keys.Add(row.RowKey);
        }

        foreach (var chunk in keys.Chunk(TransactionSize))
        {
            await _deliveries.SubmitTransactionAsync(chunk.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(TableAcknowledgementStore.PartitionPrefix + warningId, k), ETag.All)), cancellationToken);
        }

        return keys.Count;
    }

    public async Task<int> DeleteConsentEventsAsync(string uscc, string contactId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uscc);
        ArgumentException.ThrowIfNullOrEmpty(contactId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {uscc} and RowKey ge {"consent_"} and RowKey lt {"consent`"} and ContactId eq {contactId}");
        var keys = new List<string>();
        await foreach (var row in _enterprises.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            keys.Add(row.RowKey);
        }

        foreach (var chunk in keys.Chunk(TransactionSize))
        {
            await _enterprises.SubmitTransactionAsync(chunk.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(uscc, k), ETag.All)), cancellationToken);
        }

        return keys.Count;
    }

    public async Task<ContactErasure?> FindContactAsync(string uscc, string contactId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uscc);
        ArgumentException.ThrowIfNullOrEmpty(contactId);
        var row = await _enterprises.GetEntityIfExistsAsync<TableEntity>(uscc, ContactRowKey(contactId), cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }

        var e = row.Value!;
        return new ContactErasure(
            uscc,
            contactId,
            e.GetDateTimeOffset(nameof(ContactErasure.ErasedAt)) ?? DateTimeOffset.MinValue,
            e.GetString(nameof(ContactErasure.ErasedBy)) ?? string.Empty,
            e.GetInt32(nameof(ContactErasure.Deliveries)) ?? 0);
    }

    public async Task RecordContactAsync(ContactErasure erasure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(erasure);
        await _enterprises.UpsertEntityAsync(
            new TableEntity(erasure.Uscc, ContactRowKey(erasure.ContactId))
            {
                [nameof(ContactErasure.ErasedAt)] = erasure.ErasedAt,
                [nameof(ContactErasure.ErasedBy)] = erasure.ErasedBy,
                [nameof(ContactErasure.Deliveries)] = erasure.Deliveries,
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    public async Task EraseRegistrationAsync(EnterpriseErasure erasure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(erasure);
        var keys = new List<string>();
        await foreach (var row in _enterprises.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {erasure.Uscc}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (row.RowKey is not TableEnterpriseRegistry.ProfileRowKey and not ErasedRowKey)
            {
                keys.Add(row.RowKey);
            }
        }

        // The consent events first, then the profile with the erasure record in one transaction: until
        // that commits, the profile (and the addresses it holds) is there for the next erasure to finish.
        foreach (var chunk in keys.Chunk(TransactionSize))
        {
            await _enterprises.SubmitTransactionAsync(chunk.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(erasure.Uscc, k), ETag.All)), cancellationToken);
        }

        var record = new TableEntity(erasure.Uscc, ErasedRowKey)
        {
            [nameof(EnterpriseErasure.ErasedAt)] = erasure.ErasedAt,
            [nameof(EnterpriseErasure.ErasedBy)] = erasure.ErasedBy,
            [nameof(EnterpriseErasure.Contacts)] = erasure.Contacts,
            [nameof(EnterpriseErasure.Deliveries)] = erasure.Deliveries,
        };
        await _enterprises.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(erasure.Uscc, TableEnterpriseRegistry.ProfileRowKey), ETag.All),
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, record),
            ],
            cancellationToken);
    }

    /// <summary><c>erased-contact_{contact id made safe}</c>: the id is the enterprise's, not a person's data.</summary>
    private static string ContactRowKey(string contactId) => ErasedContactPrefix + DeliveryKeys.Sanitise(contactId);

    private AsyncPageable<TableEntity> OptOutRowsAsync(string uscc, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(uscc);
        // Every shard of the ledger, by the enterprise column: the ledger is small, and this finds the
        // opt-outs of addresses the enterprise no longer has.
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {TableOptOutLedger.PartitionPrefix} and PartitionKey lt {"optouts`"} and Uscc eq {uscc}");
        return _deliveries.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken);
    }
}

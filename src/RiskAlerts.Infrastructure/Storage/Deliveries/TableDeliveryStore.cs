using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using RiskAlerts.Core;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;

namespace RiskAlerts.Infrastructure.Storage.Deliveries;

/// <summary>
/// The delivery rows (PK <c>{warningId}_{shard:D2}</c>), each shard in a table of its own
/// (<see cref="StorageOptions.DeliveryShardTable"/>), and in the <c>Deliveries</c> table the receipts
/// that matched no delivery, under PK <c>receipts-unmatched_{yyyyMMdd}</c>.
/// </summary>
internal sealed class TableDeliveryStore(TableServiceClient tables, IOptions<StorageOptions> options) : IDeliveryStore
{
    public const string UnmatchedReceiptsPrefix = "receipts-unmatched_";
    private const int MaxAddAttempts = 3;
    private const int MaxShardsAtOnce = 8;
    private readonly TableClient _table = tables.GetTableClient(options.Value.DeliveriesTable);
    private readonly TableClient[] _shards = [.. options.Value.DeliveryShardTables().Select(tables.GetTableClient)];

    public async Task<int> AddAsync(IReadOnlyList<DeliveryRecord> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return 0;
        }

        var partitionKey = SinglePartition(rows);
        var table = RowsOf(partitionKey);
        var pending = rows;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await table.SubmitTransactionAsync(pending.Select(r => new TableTransactionAction(TableTransactionActionType.Add, DeliveryEntity.ToEntity(r with { ETag = null }))), cancellationToken);
                return pending.Count;
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409 && attempt < MaxAddAttempts)
            {
                // Some rows exist (an earlier run of the planner): keep them as they are, add the rest.
                var first = pending.Select(r => r.RowKey).Min(StringComparer.Ordinal)!;
                var last = pending.Select(r => r.RowKey).Max(StringComparer.Ordinal)!;
                var existing = new HashSet<string>(StringComparer.Ordinal);
                await foreach (var row in table.QueryAsync<TableEntity>(RangeFilter(partitionKey, first, last), select: ["RowKey"], cancellationToken: cancellationToken))
                {
                    existing.Add(row.RowKey);
                }

                pending = [.. pending.Where(r => !existing.Contains(r.RowKey))];
                if (pending.Count == 0)
                {
                    return 0;
                }
            }
        }
    }

    public async Task<IReadOnlyList<DeliveryRecord>> ReadRangeAsync(string partitionKey, string firstRowKey, string lastRowKey, CancellationToken cancellationToken = default)
    {
        var rows = new List<DeliveryRecord>();
        await foreach (var entity in RowsOf(partitionKey).QueryAsync<TableEntity>(RangeFilter(partitionKey, firstRowKey, lastRowKey), maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            rows.Add(DeliveryEntity.FromEntity(entity));
        }

        return rows;
    }

    public async Task<IReadOnlyList<DeliveryRecord>> UpdateAsync(IReadOnlyList<DeliveryRecord> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return [];
        }

        var table = RowsOf(SinglePartition(rows));
        try
        {
            // Merge of the lifecycle columns. A row read first is written conditional on its ETag, so
            // one that another writer changed since fails the transaction instead of being overwritten;
            // a row known only from its batch message (a fresh batch, never read) is merged as it is.
            var response = await table.SubmitTransactionAsync(
                rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpdateMerge, DeliveryEntity.ToLifecycleEntity(r), r.ETag is null ? ETag.All : new ETag(r.ETag))),
                cancellationToken);
            var results = response.Value;
            return [.. rows.Select((r, i) => r with { ETag = i < results.Count ? results[i].Headers.ETag?.ToString() : null })];
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 412 or 404)
        {
            throw new DeliveryConcurrencyException($"A delivery row of partition {rows[0].PartitionKey} changed since it was read (storage status {ex.Status}).", ex);
        }
    }

    public async Task<bool> HasPendingAsync(string warningId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(warningId);
        using var found = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = false;
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, DeliveryKeys.ShardCount),
                new ParallelOptions { MaxDegreeOfParallelism = MaxShardsAtOnce, CancellationToken = found.Token },
                async (shard, token) =>
                {
                    var filter = TableClient.CreateQueryFilter($"PartitionKey eq {DeliveryKeys.PartitionKey(warningId, shard)} and (Status eq {nameof(DeliveryStatus.Planned)} or Status eq {nameof(DeliveryStatus.Sending)})");

                    // The first match ends it; pages without one (a filtered scan) are followed.
                    await foreach (var _ in _shards[shard].QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["RowKey"], cancellationToken: token))
                    {
                        pending = true;
                        await found.CancelAsync();
                        return;
                    }
                });
        }
        catch (OperationCanceledException) when (pending && !cancellationToken.IsCancellationRequested)
        {
        }

        return pending;
    }

    public async Task<IReadOnlyList<DeliveryFacts>> ReadFactsAsync(string partitionKey, CancellationToken cancellationToken = default)
    {
        var facts = new List<DeliveryFacts>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");
        await foreach (var entity in RowsOf(partitionKey).QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: DeliveryEntity.FactColumns, cancellationToken: cancellationToken))
        {
            facts.Add(DeliveryEntity.ToFacts(entity));
        }

        return facts;
    }

    public async Task<IReadOnlyList<DeliveryRecord>> FindByAddressAsync(string warningId, Channel channel, string address, string? pseudonym = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(warningId);
        ArgumentException.ThrowIfNullOrEmpty(address);
        // Rows sit in their original address's shard, pseudonymised or not: one partition to read.
        var partitionKey = DeliveryKeys.PartitionKey(warningId, DeliveryKeys.ShardOf(address));
        var filter = pseudonym is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and Channel eq {channel.ToWireName()} and Address eq {address}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and Channel eq {channel.ToWireName()} and (Address eq {address} or Address eq {pseudonym})");
        var found = new List<DeliveryRecord>();
        await foreach (var entity in RowsOf(partitionKey).QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(DeliveryEntity.FromEntity(entity));
        }

        return found;
    }

    public async Task WritePseudonymsAsync(IReadOnlyList<DeliveryRecord> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        var table = RowsOf(SinglePartition(rows));
        try
        {
            await table.SubmitTransactionAsync(
                rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpdateMerge, DeliveryEntity.ToPseudonymEntity(r), r.ETag is null ? ETag.All : new ETag(r.ETag))),
                cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 412 or 404)
        {
            throw new DeliveryConcurrencyException($"A delivery row of partition {rows[0].PartitionKey} changed since it was read (storage status {ex.Status}).", ex);
        }
    }

    public async Task<IReadOnlyList<DeliveryRecord>> FindByEnterpriseAsync(string warningId, string uscc, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(warningId);
        ArgumentException.ThrowIfNullOrEmpty(uscc);
        // An enterprise's contacts sit in the shards of their addresses: one query of each shard.
        var found = new List<DeliveryRecord>[DeliveryKeys.ShardCount];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, DeliveryKeys.ShardCount),
            new ParallelOptions { MaxDegreeOfParallelism = MaxShardsAtOnce, CancellationToken = cancellationToken },
            async (shard, token) =>
            {
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {DeliveryKeys.PartitionKey(warningId, shard)} and Uscc eq {uscc}");
                var rows = new List<DeliveryRecord>();
                await foreach (var entity in _shards[shard].QueryAsync<TableEntity>(filter, cancellationToken: token))
                {
                    rows.Add(DeliveryEntity.FromEntity(entity));
                }

                found[shard] = rows;
            });

        return [.. found.SelectMany(rows => rows)];
    }

    public async Task<bool> HasAnyAsync(string warningId, IReadOnlyList<DeliveryRowAddress> rows, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(warningId);
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var row in rows)
        {
            var found = await _shards[row.Shard].GetEntityIfExistsAsync<TableEntity>(DeliveryKeys.PartitionKey(warningId, row.Shard), row.RowKey, select: ["RowKey"], cancellationToken: cancellationToken);
            if (found.HasValue)
            {
                return true;
            }
        }

        return false;
    }

    public async Task<DeliveryPage> ListAsync(DeliveryQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var position = DeliveryListPosition.Start;
        if (query.ContinuationToken is not null && !DeliveryListPosition.TryParse(query.ContinuationToken, out position))
        {
            throw new ArgumentException("The continuation token is not one this list returned.", nameof(query));
        }

        var conditions = "";
        if (query.Status is { } status)
        {
            conditions += " and " + TableClient.CreateQueryFilter($"Status eq {status.ToString()}");
        }

        if (query.Channel is { } channel)
        {
            conditions += " and " + TableClient.CreateQueryFilter($"Channel eq {channel.ToWireName()}");
        }

        // Shard after shard, in key order within each, until the page is full.
        var items = new List<DeliveryRecord>(query.PageSize);
        for (var shard = position.Shard; shard < DeliveryKeys.ShardCount; shard++)
        {
            var wanted = query.PageSize - items.Count;
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {DeliveryKeys.PartitionKey(query.WarningId, shard)}") + conditions;
            var token = shard == position.Shard ? position.StorageToken : null;
            await foreach (var page in _shards[shard].QueryAsync<TableEntity>(filter, wanted, cancellationToken: cancellationToken).AsPages(token, wanted))
            {
                items.AddRange(page.Values.Select(DeliveryEntity.FromEntity));
                if (page.ContinuationToken is not null)
                {
                    // A filtered range may come back as a short or empty page with a token; the caller follows it.
                    return new DeliveryPage(items, new DeliveryListPosition(shard, page.ContinuationToken).ToString());
                }

                break;
            }

            if (items.Count >= query.PageSize)
            {
                return new DeliveryPage(items, shard + 1 < DeliveryKeys.ShardCount ? new DeliveryListPosition(shard + 1, null).ToString() : null);
            }
        }

        return new DeliveryPage(items, null);
    }

    public async Task RecordUnmatchedReceiptAsync(UnmatchedReceipt receipt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var entity = new TableEntity(UnmatchedPartition(ChinaStandardTime.DayOf(receipt.ReceivedAt)), $"{DeliveryKeys.Sanitise(receipt.Provider)}_{DeliveryKeys.Sanitise(receipt.ProviderMessageId)}")
        {
            [nameof(UnmatchedReceipt.Provider)] = receipt.Provider,
            [nameof(UnmatchedReceipt.ProviderMessageId)] = receipt.ProviderMessageId,
            [nameof(UnmatchedReceipt.MaskedPhone)] = receipt.MaskedPhone,
            [nameof(UnmatchedReceipt.Status)] = receipt.Status,
            [nameof(UnmatchedReceipt.Code)] = receipt.Code ?? string.Empty,
            [nameof(UnmatchedReceipt.Reference)] = receipt.Reference ?? string.Empty,
            [nameof(UnmatchedReceipt.Why)] = receipt.Why,
            [nameof(UnmatchedReceipt.ReceivedAt)] = receipt.ReceivedAt,
        };

        // Upsert: the provider may post the same receipt again; one row per provider and message id.
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<UnmatchedReceipt>> ListUnmatchedReceiptsAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        var receipts = new List<UnmatchedReceipt>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {UnmatchedPartition(day)}");
        await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            receipts.Add(new UnmatchedReceipt(
                e.GetString(nameof(UnmatchedReceipt.Provider)) ?? string.Empty,
                e.GetString(nameof(UnmatchedReceipt.ProviderMessageId)) ?? string.Empty,
                e.GetString(nameof(UnmatchedReceipt.MaskedPhone)) ?? string.Empty,
                e.GetString(nameof(UnmatchedReceipt.Status)) ?? string.Empty,
                NullIfEmpty(e.GetString(nameof(UnmatchedReceipt.Code))),
                NullIfEmpty(e.GetString(nameof(UnmatchedReceipt.Reference))),
                e.GetString(nameof(UnmatchedReceipt.Why)) ?? string.Empty,
                e.GetDateTimeOffset(nameof(UnmatchedReceipt.ReceivedAt)) ?? DateTimeOffset.MinValue));
        }

        return receipts;
    }

    private static string UnmatchedPartition(DateOnly day) => UnmatchedReceiptsPrefix + day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private TableClient RowsOf(string partitionKey) => _shards[DeliveryKeys.ShardOfPartition(partitionKey)];

    private static string RangeFilter(string partitionKey, string first, string last) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {first} and RowKey le {last}");

    private static string SinglePartition(IReadOnlyList<DeliveryRecord> rows)
    {
        var partitionKey = rows[0].PartitionKey;
        if (rows.Count > 100 || rows.Any(r => r.PartitionKey != partitionKey))
        {
            throw new ArgumentException("A transaction holds at most 100 rows of one partition.", nameof(rows));
        }

        return partitionKey;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

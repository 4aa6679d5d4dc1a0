using System.Collections.Concurrent;
using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Deliveries.Send;

namespace RiskAlerts.Infrastructure.Storage.Deliveries;

/// <summary>
/// Warnings SMS'd to each number per China-local day, as rows of the <c>Deliveries</c> table:
/// PK <c>sms-cap_{yyyyMMdd}_{shard:D2}</c>, RK <c>{number}_{warningId}</c>, one row per number and
/// warning. The shard is the number's delivery shard (<see cref="DeliveryKeys.ShardOf"/>), the same
/// that places an SMS row in its delivery partition, so all numbers of one batch share one counter
/// partition: a batch costs one query (the rows of its numbers) and one transaction (one upsert per
/// number), whatever its size.
/// </summary>
/// <remarks>
/// Counting by row rather than by a count column makes a reservation idempotent (a redelivered batch
/// writes the same rows again) and free of write conflicts between batches of different warnings.
/// Two warnings reaching the same number at the same moment may both pass a cap the number is one
/// short of: the cap errs by at most the warnings in flight at once, never by a redelivery.
/// <para>
/// A number has at most one row per warning, so no number can be over the cap while fewer warnings
/// than the cap sent SMS that day. Each warning therefore also registers in the day's ledger
/// (PK <c>sms-cap_{yyyyMMdd}_warnings</c>, RK the warning id), and while the ledger, read at most once
/// a second, holds fewer warnings than the cap, batches only write their rows and skip the query.
/// </para>
/// </remarks>
internal sealed class TableSmsDailyCounter(TableServiceClient tables, IOptions<StorageOptions> options, TimeProvider timeProvider) : ISmsDailyCounter
{
    public const string PartitionPrefix = "sms-cap_";
    private const string LedgerSuffix = "_warnings";
    private static readonly TimeSpan LedgerFreshness = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<(DateOnly Day, string WarningId), Task> _registered = new();
    private readonly Lock _ledgerGate = new();
    private (DateOnly Day, int Warnings, DateTimeOffset ReadAt)? _ledger;
    private const string Separator = "_";

    // The character after the separator: the rows of one number are the keys in [{number}_, {number}`).
    private const string AfterSeparator = "`";

    private readonly TableClient _table = tables.GetTableClient(options.Value.DeliveriesTable);

    public async Task<IReadOnlySet<string>> ReserveAsync(string warningId, IReadOnlyCollection<string> phones, DateOnly day, int cap, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(warningId);
        ArgumentNullException.ThrowIfNull(phones);
        var registeredNow = false;
        await _registered.GetOrAdd((day, warningId), key =>
        {
            registeredNow = true;
            return RegisterAsync(key.Day, key.WarningId, cancellationToken);
        });
        if (registeredNow)
        {
            // A warning new to this sender reads the ledger afresh, so the count it is judged by holds
            // every warning registered before it; later batches may use a count up to a second old.
            lock (_ledgerGate)
            {
                _ledger = null;
            }
        }

        var exact = await WarningsOnAsync(day, cancellationToken) >= cap;
        var over = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in phones.Distinct(StringComparer.Ordinal).GroupBy(p => PartitionFor(day, p), StringComparer.Ordinal))
        {
            over.UnionWith(await ReservePartitionAsync(group.Key, warningId, [.. group], exact ? cap : null, cancellationToken));
        }

        return over;
    }

    private async Task RegisterAsync(DateOnly day, string warningId, CancellationToken cancellationToken)
    {
        try
        {
            await _table.UpsertEntityAsync(new TableEntity(LedgerPartition(day), warningId), TableUpdateMode.Replace, cancellationToken);
        }
        catch
        {
            // Not registered: the next batch tries again.
            _registered.TryRemove((day, warningId), out _);
            throw;
        }
    }

    /// <summary>Warnings that sent SMS on <paramref name="day"/>, read at most once a second.</summary>
    private async Task<int> WarningsOnAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        lock (_ledgerGate)
        {
            if (_ledger is { } known && known.Day == day && now - known.ReadAt < LedgerFreshness)
            {
                return known.Warnings;
            }
        }

        var count = 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {LedgerPartition(day)}");
        await foreach (var _ in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            count++;
        }

        lock (_ledgerGate)
        {
            _ledger = (day, count, now);
        }

        return count;
    }

    private static string LedgerPartition(DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"{PartitionPrefix}{day:yyyyMMdd}{LedgerSuffix}");

    internal static string PartitionFor(DateOnly day, string phone) =>
        string.Create(CultureInfo.InvariantCulture, $"{PartitionPrefix}{day:yyyyMMdd}_{DeliveryKeys.ShardOf(phone):D2}");

    /// <summary>Writes the numbers' rows for the warning; with a cap, first counts their earlier warnings and leaves out those at it.</summary>
    private async Task<List<string>> ReservePartitionAsync(string partitionKey, string warningId, List<string> phones, int? cap, CancellationToken cancellationToken)
    {
        var own = Separator + warningId;
        var refused = cap is { } limit ? await AtCapAsync(partitionKey, own, phones, limit, cancellationToken) : [];
        var allowed = phones.Except(refused, StringComparer.Ordinal).ToList();
        foreach (var chunk in allowed.Chunk(100))
        {
            await _table.SubmitTransactionAsync(
                chunk.Select(p => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partitionKey, p + own))),
                cancellationToken);
        }

        return refused;
    }

    private async Task<List<string>> AtCapAsync(string partitionKey, string own, List<string> phones, int cap, CancellationToken cancellationToken)
    {
        var counted = new Dictionary<string, int>(StringComparer.Ordinal);
        var ranges = string.Join(" or ", phones.Select(p => "(" + TableClient.CreateQueryFilter($"RowKey ge {p + Separator} and RowKey lt {p + AfterSeparator}") + ")"));
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}") + " and (" + ranges + ")";
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (!row.RowKey.EndsWith(own, StringComparison.Ordinal))
            {
                var phone = row.RowKey[..row.RowKey.LastIndexOf(Separator, StringComparison.Ordinal)];
                counted[phone] = counted.GetValueOrDefault(phone) + 1;
            }
        }

        return [.. phones.Where(p => counted.GetValueOrDefault(p) >= cap)];
    }
}

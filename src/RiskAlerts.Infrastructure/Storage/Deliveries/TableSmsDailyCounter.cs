using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Deliveries.Send;

namespace RiskAlerts.Infrastructure.Storage.Deliveries;

/// <summary>
/// Warnings SMS'd to each number per China-local day, as rows of the <c>Deliveries</c> table:
/// PK <c>sms-cap_{yyyyMMdd}_{shard:D2}</c>, RK <c>{warningId}_{digest}_{part}</c>, one row per batch
/// of numbers that a warning reached, the numbers in its <c>Numbers</c> column. The shard is the
/// numbers' delivery shard (<see cref="DeliveryKeys.ShardOf"/>), the same that places an SMS row in
/// its delivery partition, so all numbers of one batch share one counter partition and one row: a
/// batch costs one transaction of one entity, and where the cap must be counted, one query.
/// </summary>
/// <remarks>
/// A row per batch rather than per number keeps the entities written per SMS from doubling: Table
/// Storage pays (and Azurite works) per entity, and a partition takes about 2,000 entities a second.
/// A number counts the distinct warnings whose rows hold it, so a redelivered batch (the same numbers,
/// the same digest, the same row) or a smaller rest of it (another digest, the same warning) counts
/// nothing twice, and batches of different warnings never write the same row.
/// Two warnings reaching the same number at the same moment may both pass a cap the number is one
/// short of: the cap errs by at most the warnings in flight at once, never by a redelivery.
/// <para>
/// No number can be over the cap while fewer warnings than the cap sent SMS that day. Each warning
/// therefore also registers in the day's ledger (PK <c>sms-cap_{yyyyMMdd}_warnings</c>, RK the
/// warning id), and while the ledger, read at most once a second, holds fewer warnings than the cap,
/// batches only write their row and skip the query. The row is written while the ledger is read and
/// the warning registers, as if the cap were far, which it nearly always is: a batch waits for one
/// round trip before its first SMS. Where the ledger then says the cap is near, the partition is
/// counted without that row, and if a number is at the cap, the row is replaced, in one transaction,
/// by one without it. The row is added, not upserted, so a row already there (an earlier handling of
/// the same batch) is told apart from the one just written and still counts as that earlier count.
/// A sender stopped between the two writes leaves the row with every number; the batch, delivered
/// again, finds it there and lets it stand, so a number at the cap may get that batch's SMS too: only
/// where the cap is near and a crash falls between two writes milliseconds apart.
/// </para>
/// </remarks>
internal sealed class TableSmsDailyCounter(TableServiceClient tables, IOptions<StorageOptions> options, TimeProvider timeProvider) : ISmsDailyCounter
{
    public const string PartitionPrefix = "sms-cap_";
    private const string LedgerSuffix = "_warnings";
    private static readonly TimeSpan LedgerFreshness = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<(DateOnly Day, string WarningId), Task> _registered = new();
    private readonly Lock _ledgerGate = new();
    private (DateOnly Day, IReadOnlySet<string> Warnings, DateTimeOffset ReadAt)? _ledger;
    private const string Separator = "_";
    private const string NumbersColumn = "Numbers";
    private const char NumberSeparator = ',';

    // A string column holds 32K characters; 1,000 numbers of at most 16 take half of it.
    private const int NumbersPerRow = 1000;

    private readonly TableClient _table = tables.GetTableClient(options.Value.DeliveriesTable);

    public async Task<IReadOnlySet<string>> ReserveAsync(string warningId, IReadOnlyCollection<string> phones, DateOnly day, int cap, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(warningId);
        ArgumentNullException.ThrowIfNull(phones);
        var registeredNow = false;
        var registration = _registered.GetOrAdd((day, warningId), key =>
        {
            registeredNow = true;
            return RegisterAsync(key.Day, key.WarningId, cancellationToken);
        });

        // A warning new to this sender reads the ledger afresh, so the count it is judged by holds
        // every warning registered before it; later batches may use a read up to a second old. The
        // read, the registration and the numbers' rows go at once: the batch waits for one round
        // trip, and the warning counts itself whether or not the read saw it.
        var ledger = WarningsOnAsync(day, fresh: registeredNow, cancellationToken);
        var groups = phones.Distinct(StringComparer.Ordinal)
            .GroupBy(p => PartitionFor(day, p), StringComparer.Ordinal)
            .Select(g => NumberGroup.Of(g.Key, warningId, [.. g.Order(StringComparer.Ordinal)]))
            .ToList();
        var added = groups.Select(g => AddRowsAsync(g, cancellationToken)).ToList();
        await Task.WhenAll([registration, ledger, .. added]);

        var warnings = ledger.Result;
        var over = new HashSet<string>(StringComparer.Ordinal);
        if (warnings.Count + (warnings.Contains(warningId) ? 0 : 1) < cap)
        {
            return over;
        }

        for (var i = 0; i < groups.Count; i++)
        {
            over.UnionWith(await RefuseAtCapAsync(groups[i], warningId, existedBefore: added[i].Result, cap, cancellationToken));
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

    /// <summary>The warnings that sent SMS on <paramref name="day"/>, read at most once a second unless <paramref name="fresh"/>.</summary>
    private async Task<IReadOnlySet<string>> WarningsOnAsync(DateOnly day, bool fresh, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        lock (_ledgerGate)
        {
            if (!fresh && _ledger is { } known && known.Day == day && now - known.ReadAt < LedgerFreshness)
            {
                return known.Warnings;
            }
        }

        var warnings = new HashSet<string>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {LedgerPartition(day)}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            warnings.Add(row.RowKey);
        }

        lock (_ledgerGate)
        {
            _ledger = (day, warnings, now);
        }

        return warnings;
    }

    private static string LedgerPartition(DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"{PartitionPrefix}{day:yyyyMMdd}{LedgerSuffix}");

    internal static string PartitionFor(DateOnly day, string phone) =>
        string.Create(CultureInfo.InvariantCulture, $"{PartitionPrefix}{day:yyyyMMdd}_{DeliveryKeys.ShardOf(phone):D2}");

    /// <summary>
    /// The numbers' rows for the warning, added; true when they were there already (the batch was
    /// handled before), in which case any part a crash left unwritten is written now.
    /// </summary>
    private async Task<bool> AddRowsAsync(NumberGroup group, CancellationToken cancellationToken)
    {
        var existed = false;
        foreach (var chunk in group.Rows.Chunk(100))
        {
            try
            {
                await _table.SubmitTransactionAsync(chunk.Select(row => new TableTransactionAction(TableTransactionActionType.Add, row)), cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
            {
                existed = true;
                await _table.SubmitTransactionAsync(chunk.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)), cancellationToken);
            }
        }

        return existed;
    }

    /// <summary>
    /// With the cap near: the numbers of the group that other warnings took to the cap. Their rows
    /// just added are left out of the count, and replaced, in one transaction, by rows without them.
    /// </summary>
    private async Task<List<string>> RefuseAtCapAsync(NumberGroup group, string warningId, bool existedBefore, int cap, CancellationToken cancellationToken)
    {
        // Rows that were there before this batch added them are an earlier count of the same numbers, which stands.
        var ignored = existedBefore ? new HashSet<string>() : group.Rows.Select(r => r.RowKey).ToHashSet(StringComparer.Ordinal);
        var refused = await AtCapAsync(group.PartitionKey, warningId, group.Numbers, cap, ignored, cancellationToken);
        if (refused.Count == 0)
        {
            return refused;
        }

        var allowed = group.Numbers.Except(refused, StringComparer.Ordinal).ToList();
        var replacement = group.Rows.Select(row => new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All))
            .Concat(RowsOf(group.PartitionKey, warningId, allowed).Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)));
        foreach (var chunk in replacement.Chunk(100))
        {
            await _table.SubmitTransactionAsync(chunk, cancellationToken);
        }

        return refused;
    }

    /// <summary>The rows that count the warning for <paramref name="numbers"/> (in order): keyed by their digest, so the same numbers always give the same rows.</summary>
    private static IEnumerable<TableEntity> RowsOf(string partitionKey, string warningId, List<string> numbers)
    {
        if (numbers.Count == 0)
        {
            return [];
        }

        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(NumberSeparator, numbers))))[..16];
        return numbers.Chunk(NumbersPerRow).Select((part, index) => new TableEntity(partitionKey, string.Create(CultureInfo.InvariantCulture, $"{warningId}{Separator}{digest}{Separator}{index}"))
        {
            [NumbersColumn] = string.Join(NumberSeparator, part),
        });
    }

    private async Task<List<string>> AtCapAsync(string partitionKey, string warningId, List<string> phones, int cap, HashSet<string> ignoredRows, CancellationToken cancellationToken)
    {
        var asked = phones.ToHashSet(StringComparer.Ordinal);
        var warningsOf = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var alreadyCounted = new HashSet<string>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey", NumbersColumn], cancellationToken: cancellationToken))
        {
            var earlier = row.RowKey[..Math.Max(0, row.RowKey.IndexOf(Separator, StringComparison.Ordinal))];
            if (earlier.Length == 0 || ignoredRows.Contains(row.RowKey))
            {
                continue;
            }

            foreach (var number in (row.GetString(NumbersColumn) ?? string.Empty).Split(NumberSeparator))
            {
                if (!asked.Contains(number))
                {
                    continue;
                }

                if (earlier == warningId)
                {
                    // This warning was counted for the number before (a redelivered batch): it stays
                    // allowed however many warnings reached the number since.
                    alreadyCounted.Add(number);
                }
                else
                {
                    if (!warningsOf.TryGetValue(number, out var warnings))
                    {
                        warningsOf[number] = warnings = new HashSet<string>(StringComparer.Ordinal);
                    }

                    warnings.Add(earlier);
                }
            }
        }

        return [.. phones.Where(p => !alreadyCounted.Contains(p) && warningsOf.GetValueOrDefault(p)?.Count >= cap)];
    }

    /// <summary>The distinct numbers of one counter partition, in order, and the rows that count the warning for them.</summary>
    private sealed record NumberGroup(string PartitionKey, List<string> Numbers, List<TableEntity> Rows)
    {
        public static NumberGroup Of(string partitionKey, string warningId, List<string> numbers) =>
            new(partitionKey, numbers, [.. RowsOf(partitionKey, warningId, numbers)]);
    }
}

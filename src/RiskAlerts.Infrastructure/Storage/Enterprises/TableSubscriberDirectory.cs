using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Regions;

namespace RiskAlerts.Infrastructure.Storage.Enterprises;

/// <summary>
/// Subscribers for the matcher from Table Storage: broadcasts read the <c>Subscriptions</c>
/// index by partition ranges, explicit targets are point reads on <c>Enterprises</c>.
/// </summary>
/// <remarks>
/// For each warning region the index holds subscribers whose interest lies inside it (the
/// partition range of its subtree: a province <c>220000..229999</c> already covers the
/// prefecture-level and province-level interest codes within it) and those whose interest
/// contains it (point partitions of its ancestors: a county 220102 also reads 220100 and
/// 220000). Ranges and points of several regions are merged before querying, so no partition
/// is read twice.
/// Rows are checked against themselves: a row whose partition is not among its own subscriber's
/// regions, or whose subscriber unsubscribed, is a leftover of an interrupted write and is
/// dropped; of several rows of one enterprise the highest version wins.
/// </remarks>
internal sealed class TableSubscriberDirectory(TableServiceClient tables, IOptions<StorageOptions> options, RegionCatalog regionCatalog) : ISubscriberDirectory
{
    /// <summary>Concurrent queries or point reads per call: enough to hide latency, few enough not to crowd the account's request budget.</summary>
    private const int MaximumConcurrency = 8;

    /// <summary>
    /// Ranges read at once while a broadcast streams in: a page takes far longer to plan (its rows
    /// written, its batches published) than to read, so reading one range ahead keeps the planner fed.
    /// More would only hold pages in memory and crowd the account; on Azurite, where every query
    /// scans the whole table on its one thread, they also held up the first batches' small requests
    /// for most of a second.
    /// </summary>
    private const int StreamingConcurrency = 2;

    private const int PageSize = 1000;

    private readonly TableClient _enterprises = tables.GetTableClient(options.Value.EnterprisesTable);
    private readonly TableClient _subscriptions = tables.GetTableClient(options.Value.SubscriptionsTable);

    public async Task<IReadOnlyList<Subscriber>> FindByRegionsAsync(IReadOnlyCollection<RegionCode> regions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(regions);
        var found = new ConcurrentDictionary<UnifiedSocialCreditCode, (long Version, Subscriber Subscriber)>();
        await Parallel.ForEachAsync(
            PartitionRanges(regions, regionCatalog),
            new ParallelOptions { MaxDegreeOfParallelism = MaximumConcurrency, CancellationToken = cancellationToken },
            async (range, token) =>
            {
                var filter = range.First == range.Last
                    ? TableClient.CreateQueryFilter($"PartitionKey eq {range.First}")
                    : TableClient.CreateQueryFilter($"PartitionKey ge {range.First} and PartitionKey le {range.Last}");
                await foreach (var row in _subscriptions.QueryAsync<TableEntity>(filter, maxPerPage: PageSize, select: SubscriberColumns.Selected, cancellationToken: token))
                {
                    var subscriber = SubscriberColumns.Read(row, row.RowKey);
                    if (!StandsIn(subscriber, row.PartitionKey))
                    {
                        continue;
                    }

                    var version = SubscriberColumns.ReadVersion(row);
                    found.AddOrUpdate(subscriber.Uscc, (version, subscriber), (_, existing) => existing.Version >= version ? existing : (version, subscriber));
                }
            });

        return [.. found.Values.Select(v => v.Subscriber).OrderBy(s => s.Uscc)];
    }

    public async IAsyncEnumerable<IReadOnlyList<Subscriber>> StreamByRegionsAsync(
        IReadOnlyCollection<RegionCode> regions,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(regions);
        var ranges = PartitionRanges(regions, regionCatalog);

        // Ranges are read ahead, several at once, but handed out strictly in range order and page
        // order within a range: the sequence is the same on every call, which the planner's chunks rely on.
        // A range is read once the range StreamingConcurrency before it has been read, so the window of
        // ranges being read moves in range order and always holds the one the caller waits for.
        // The read-ahead starts once the first page has been taken and the next is asked for, so
        // that what the caller does with the first page (a broadcast's first batch) does not wait for it.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pages = ranges.Select(_ => Channel.CreateBounded<List<Subscriber>>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true })).ToArray();
        var readers = new List<Task>(ranges.Count);
        void ReadAhead(int upTo)
        {
            for (var i = readers.Count; i < upTo; i++)
            {
                var after = i >= StreamingConcurrency ? readers[i - StreamingConcurrency] : Task.CompletedTask;
                readers.Add(ReadRangeAsync(ranges[i], pages[i].Writer, after, stop.Token));
            }
        }

        ReadAhead(Math.Min(1, ranges.Count));
        var seen = new HashSet<UnifiedSocialCreditCode>();
        try
        {
            foreach (var range in pages)
            {
                await foreach (var page in range.Reader.ReadAllAsync(cancellationToken))
                {
                    // A subscriber with interests in several counties has a row in each: the first one read stands.
                    var fresh = page.Where(s => seen.Add(s.Uscc)).ToList();
                    if (fresh.Count > 0)
                    {
                        yield return fresh;
                    }

                    ReadAhead(ranges.Count);
                }

                // Also when the first range gave nothing to hand out.
                ReadAhead(ranges.Count);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(readers);
        }
    }

    public async Task<IReadOnlyList<Subscriber>> FindByCodesAsync(IReadOnlyCollection<UnifiedSocialCreditCode> codes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var distinct = codes.Distinct().ToList();
        var found = new ConcurrentDictionary<UnifiedSocialCreditCode, Subscriber>();
        await Parallel.ForEachAsync(
            distinct,
            new ParallelOptions { MaxDegreeOfParallelism = MaximumConcurrency, CancellationToken = cancellationToken },
            async (code, token) =>
            {
                var response = await _enterprises.GetEntityIfExistsAsync<TableEntity>(code.Value, TableEnterpriseRegistry.ProfileRowKey, SubscriberColumns.Selected, token);
                if (response.HasValue)
                {
                    found[code] = SubscriberColumns.Read(response.Value!, code.Value);
                }
            });

        // Unsubscribed enterprises are returned as they are: the matcher leaves them out and can say why.
        return [.. distinct.Where(found.ContainsKey).Select(c => found[c])];
    }

    /// <summary>
    /// Reads one partition range page by page into <paramref name="pages"/> once <paramref name="after"/>
    /// has ended (however it ended); a failure completes the channel with it.
    /// </summary>
    private async Task ReadRangeAsync((string First, string Last) range, ChannelWriter<List<Subscriber>> pages, Task after, CancellationToken cancellationToken)
    {
        try
        {
            await after.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
            var filter = range.First == range.Last
                ? TableClient.CreateQueryFilter($"PartitionKey eq {range.First}")
                : TableClient.CreateQueryFilter($"PartitionKey ge {range.First} and PartitionKey le {range.Last}");
            await foreach (var page in _subscriptions.QueryAsync<TableEntity>(filter, maxPerPage: PageSize, select: SubscriberColumns.Selected, cancellationToken: cancellationToken).AsPages())
            {
                await pages.WriteAsync(Subscribed(page.Values), cancellationToken);
            }

            pages.TryComplete();
        }
        catch (Exception ex)
        {
            // Cancelled because the reader stopped early, or failed: either way the range says so to its reader.
            pages.TryComplete(ex);
        }
    }

    private static List<Subscriber> Subscribed(IReadOnlyList<TableEntity> rows)
    {
        var subscribers = new List<Subscriber>(rows.Count);
        foreach (var row in rows)
        {
            var subscriber = SubscriberColumns.Read(row, row.RowKey);
            if (StandsIn(subscriber, row.PartitionKey))
            {
                subscribers.Add(subscriber);
            }
        }

        return subscribers;
    }

    /// <summary>An index row stands when its subscriber is subscribed and still names the row's region; otherwise it is a leftover.</summary>
    private static bool StandsIn(Subscriber subscriber, string partitionKey) =>
        !subscriber.Preferences.Unsubscribed && subscriber.Preferences.Regions.Any(r => r.ToString() == partitionKey);

    /// <summary>
    /// The partition-key ranges (6-digit strings, inclusive) a broadcast to <paramref name="regions"/> reads:
    /// merged so no partition is read twice, then cut where a province or one of <paramref name="catalog"/>'s
    /// prefectures begins, so they can be read in parallel.
    /// </summary>
    internal static IReadOnlyList<(string First, string Last)> PartitionRanges(IEnumerable<RegionCode> regions, RegionCatalog catalog)
    {
        var ranges = regions.SelectMany(region => region.ReachedCodeRanges()).ToList();
        ranges.Sort();
        var merged = new List<(int First, int Last)>();
        foreach (var range in ranges)
        {
            if (merged.Count > 0 && range.First <= merged[^1].Last + 1)
            {
                merged[^1] = (merged[^1].First, Math.Max(merged[^1].Last, range.Last));
            }
            else
            {
                merged.Add(range);
            }
        }

        // A range wider than one prefecture is read as one range per prefecture: one range query is
        // served serially, and a province holds a hundred thousand rows or more. Only prefectures that
        // exist start a range (Jilin has 9 of the 100 codes a province could give them), and each
        // range runs on to the next one's start, so the codes between them are still read.
        var split = new List<(int First, int Last)>();
        foreach (var (first, last) in merged)
        {
            var starts = new SortedSet<int>();
            for (var province = first / 10000; province <= last / 10000; province++)
            {
                starts.Add(province * 10000);
                starts.UnionWith(catalog.PrefecturesOf(RegionCode.FromInt32(province * 10000)).Select(p => p.SubtreeFirst));
            }

            var start = first;
            foreach (var next in starts.Where(code => code > first && code <= last))
            {
                split.Add((start, next - 1));
                start = next;
            }

            split.Add((start, last));
        }

        return [.. split.Select(r => (r.First.ToString("D6", CultureInfo.InvariantCulture), r.Last.ToString("D6", CultureInfo.InvariantCulture)))];
    }
}

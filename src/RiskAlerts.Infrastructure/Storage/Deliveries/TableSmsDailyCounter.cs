using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Deliveries.Send;

namespace RiskAlerts.Infrastructure.Storage.Deliveries;

/// <summary>
/// SMS per number per China-local day, as rows of the <c>Deliveries</c> table:
/// PK <c>sms-cap_{yyyyMMdd}_{shard:D2}</c> (shard = FNV-1a of the number mod <see cref="Shards"/>),
/// RK = the E.164 number, column <c>Count</c>.
/// </summary>
/// <remarks>
/// A batch of 100 numbers touches at most <see cref="Shards"/> partitions: per partition one query
/// for its numbers and one transaction that adds or increments them, conditional on the ETags read
/// (a concurrent batch with the same number makes the transaction fail and it is re-read). Sixteen
/// partitions a day keep a broadcast of 150,000 numbers below the 2,000 writes/s of one partition
/// while a batch costs at most 32 requests. The counters share the Deliveries table so that the
/// deployment needs no further table; their prefix never looks like a warning id.
/// </remarks>
internal sealed class TableSmsDailyCounter(TableServiceClient tables, IOptions<StorageOptions> options) : ISmsDailyCounter
{
    public const string PartitionPrefix = "sms-cap_";
    public const int Shards = 16;
    private const string CountColumn = "Count";
    private const int MaxAttempts = 5;
    private const int PartitionsAtOnce = 8;
    private readonly TableClient _table = tables.GetTableClient(options.Value.DeliveriesTable);

    public async Task<IReadOnlySet<string>> ReserveAsync(IReadOnlyCollection<string> phones, DateOnly day, int cap, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(phones);
        var over = new HashSet<string>(StringComparer.Ordinal);
        var gate = new Lock();
        var groups = phones.Distinct(StringComparer.Ordinal).GroupBy(p => PartitionFor(day, p), StringComparer.Ordinal).ToList();
        await Parallel.ForEachAsync(
            groups,
            new ParallelOptions { MaxDegreeOfParallelism = PartitionsAtOnce, CancellationToken = cancellationToken },
            async (group, token) =>
            {
                var refused = await ReservePartitionAsync(group.Key, [.. group], cap, token);
                lock (gate)
                {
                    over.UnionWith(refused);
                }
            });
        return over;
    }

    internal static string PartitionFor(DateOnly day, string phone) =>
        string.Create(CultureInfo.InvariantCulture, $"{PartitionPrefix}{day:yyyyMMdd}_{DeliveryKeys.Fnv1a(phone) % Shards:D2}");

    private async Task<List<string>> ReservePartitionAsync(string partitionKey, List<string> phones, int cap, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var existing = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}") + " and ("
                + string.Join(" or ", phones.Select(p => TableClient.CreateQueryFilter($"RowKey eq {p}"))) + ")";
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["RowKey", CountColumn], cancellationToken: cancellationToken))
            {
                existing[row.RowKey] = row;
            }

            var refused = new List<string>();
            var actions = new List<TableTransactionAction>();
            foreach (var phone in phones)
            {
                if (existing.TryGetValue(phone, out var row))
                {
                    var count = row.GetInt32(CountColumn) ?? 0;
                    if (count >= cap)
                    {
                        refused.Add(phone);
                        continue;
                    }

                    actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(partitionKey, phone) { [CountColumn] = count + 1 }, row.ETag));
                }
                else if (cap > 0)
                {
                    actions.Add(new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partitionKey, phone) { [CountColumn] = 1 }));
                }
                else
                {
                    refused.Add(phone);
                }
            }

            if (actions.Count == 0)
            {
                return refused;
            }

            try
            {
                await _table.SubmitTransactionAsync(actions, cancellationToken);
                return refused;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another batch counted one of these numbers in between: read again and recount.
            }
        }
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Registrations.OptOut;

namespace RiskAlerts.Infrastructure.Storage.Deliveries;

/// <summary>
/// Opt-outs as rows of the <c>Deliveries</c> table: PK <c>optouts_{shard:D2}</c> (the address's
/// delivery shard, <see cref="DeliveryKeys.ShardOf"/>, the one every batch's rows share), RK
/// <c>{inverted ticks:D19}_{channel}_{uscc}_{guid}</c>, newest first, so a sender reads the opt-outs
/// since its warning was accepted with one range query, usually empty. The prefix never looks like a
/// warning's delivery partition, so listings and summaries never see these rows.
/// </summary>
/// <remarks>
/// A shard's read serves every batch of that shard for a second (<see cref="Freshness"/>): a province
/// broadcast sends its 32 shards' batches many times a second, and a query per batch was a tenth of
/// its storage requests. An opt-out recorded through this process is seen at once; one recorded
/// elsewhere within the last second may miss a batch sent meanwhile, as it would have had it come a
/// moment later.
/// </remarks>
internal sealed class TableOptOutLedger(TableServiceClient tables, IOptions<StorageOptions> options, TimeProvider timeProvider) : IOptOutLedger
{
    /// <summary>How long one read of a shard's opt-outs serves the batches of that shard.</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(1);

    public const string PartitionPrefix = "optouts_";
    private const string ChannelColumn = "Channel";
    private const string AddressColumn = "Address";
    private const string UsccColumn = "Uscc";
    private const string CategoryColumn = "Category";
    private const string AtColumn = "At";

    private readonly TableClient _table = tables.GetTableClient(options.Value.DeliveriesTable);
    private readonly ConcurrentDictionary<int, ShardRead> _recent = new();

    public async Task RecordAsync(OptOutEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var rowKey = string.Create(CultureInfo.InvariantCulture, $"{Inverted(entry.At)}_{entry.Channel.ToWireName()}_{entry.Uscc}_{Guid.NewGuid():N}");
        await _table.AddEntityAsync(
            new TableEntity(PartitionKey(DeliveryKeys.ShardOf(entry.Address)), rowKey)
            {
                [ChannelColumn] = entry.Channel.ToWireName(),
                [AddressColumn] = entry.Address,
                [UsccColumn] = entry.Uscc,
                [CategoryColumn] = entry.Category,
                [AtColumn] = entry.At,
            },
            cancellationToken);
        _recent.TryRemove(DeliveryKeys.ShardOf(entry.Address), out _);
    }

    public async Task<IReadOnlyList<OptOutEntry>> FindSinceAsync(int shard, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        if (!_recent.TryGetValue(shard, out var read) || read.Since > since || timeProvider.GetElapsedTime(read.StartedAt) >= Freshness)
        {
            // Shared by the batches that ask meanwhile, so no caller's cancellation ends it for the others.
            read = new ShardRead(since, timeProvider.GetTimestamp(), ReadSinceAsync(shard, since, CancellationToken.None));
            _recent[shard] = read;
        }

        try
        {
            var entries = await read.Entries.WaitAsync(cancellationToken);
            return read.Since == since ? entries : [.. entries.Where(e => e.At > since)];
        }
        catch (Exception) when (read.Entries.IsFaulted)
        {
            _recent.TryRemove(KeyValuePair.Create(shard, read));
            throw;
        }
    }

    private async Task<IReadOnlyList<OptOutEntry>> ReadSinceAsync(int shard, DateTimeOffset since, CancellationToken cancellationToken)
    {
        // Newest first: every row key below the inverted `since` was recorded after it.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey(shard)} and RowKey lt {Inverted(since)}");
        var entries = new List<OptOutEntry>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (ChannelExtensions.TryParseWireName(row.GetString(ChannelColumn), out var channel))
            {
                entries.Add(new OptOutEntry(channel, row.GetString(AddressColumn) ?? string.Empty, row.GetString(UsccColumn) ?? string.Empty, row.GetString(CategoryColumn), row.GetDateTimeOffset(AtColumn) ?? since));
            }
        }

        return entries;
    }

    /// <summary>One read of a shard's opt-outs recorded after <paramref name="Since"/>, begun at <paramref name="StartedAt"/>.</summary>
    private sealed record ShardRead(DateTimeOffset Since, long StartedAt, Task<IReadOnlyList<OptOutEntry>> Entries);

    private static string PartitionKey(int shard) => string.Create(CultureInfo.InvariantCulture, $"{PartitionPrefix}{shard:D2}");

    private static string Inverted(DateTimeOffset at) => (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
}

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
/// One read of every shard serves every batch for a second (<see cref="Freshness"/>): a province
/// broadcast sends about 20 batches a second, and a query per batch was a tenth of its storage
/// requests. The ledger is small and usually holds nothing since the warning was accepted, so the
/// read is one query, usually answered in one response. An opt-out recorded through this process is seen at once; one recorded
/// elsewhere within the last second may miss a batch sent meanwhile, as it would have had it come a
/// moment later.
/// </remarks>
internal sealed class TableOptOutLedger(TableServiceClient tables, IOptions<StorageOptions> options, TimeProvider timeProvider) : IOptOutLedger
{
    /// <summary>How long one read of the opt-outs serves the batches.</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(1);

    public const string PartitionPrefix = "optouts_";
    private const string ChannelColumn = "Channel";
    private const string AddressColumn = "Address";
    private const string UsccColumn = "Uscc";
    private const string CategoryColumn = "Category";
    private const string AtColumn = "At";

    private readonly TableClient _table = tables.GetTableClient(options.Value.DeliveriesTable);
    private LedgerRead? _recent;

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
        _recent = null;
    }

    public async Task<IReadOnlyList<OptOutEntry>> FindSinceAsync(int shard, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var read = _recent;
        if (read is null || read.Since > since || timeProvider.GetElapsedTime(read.StartedAt) >= Freshness)
        {
            // Shared by the batches that ask meanwhile, so no caller's cancellation ends it for the others.
            read = new LedgerRead(since, timeProvider.GetTimestamp(), ReadSinceAsync(since, CancellationToken.None));
            _recent = read;
        }

        try
        {
            var entries = await read.Entries.WaitAsync(cancellationToken);
            return [.. entries.Where(e => e.At > since && DeliveryKeys.ShardOf(e.Address) == shard)];
        }
        catch (Exception) when (read.Entries.IsFaulted)
        {
            Interlocked.CompareExchange(ref _recent, null, read);
            throw;
        }
    }

    /// <summary>The opt-outs of every shard recorded after <paramref name="since"/>: one query over the ledger's partitions.</summary>
    private async Task<IReadOnlyList<OptOutEntry>> ReadSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        // Newest first in each partition: every row key below the inverted `since` was recorded after it.
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {PartitionKey(0)} and PartitionKey le {PartitionKey(DeliveryKeys.ShardCount - 1)} and RowKey lt {Inverted(since)}");
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

    /// <summary>One read of the opt-outs recorded after <paramref name="Since"/>, begun at <paramref name="StartedAt"/>.</summary>
    private sealed record LedgerRead(DateTimeOffset Since, long StartedAt, Task<IReadOnlyList<OptOutEntry>> Entries);

    private static string PartitionKey(int shard) => string.Create(CultureInfo.InvariantCulture, $"{PartitionPrefix}{shard:D2}");

    private static string Inverted(DateTimeOffset at) => (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
}

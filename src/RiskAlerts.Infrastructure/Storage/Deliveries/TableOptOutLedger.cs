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
internal sealed class TableOptOutLedger(TableServiceClient tables, IOptions<StorageOptions> options) : IOptOutLedger
{
    public const string PartitionPrefix = "optouts_";
    private const string ChannelColumn = "Channel";
    private const string AddressColumn = "Address";
    private const string UsccColumn = "Uscc";
    private const string CategoryColumn = "Category";
    private const string AtColumn = "At";

    private readonly TableClient _table = tables.GetTableClient(options.Value.DeliveriesTable);

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
    }

    public async Task<IReadOnlyList<OptOutEntry>> FindSinceAsync(int shard, DateTimeOffset since, CancellationToken cancellationToken = default)
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

    private static string PartitionKey(int shard) => string.Create(CultureInfo.InvariantCulture, $"{PartitionPrefix}{shard:D2}");

    private static string Inverted(DateTimeOffset at) => (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
}

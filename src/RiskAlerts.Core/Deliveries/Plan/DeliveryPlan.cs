using System.Globalization;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Matching;

namespace RiskAlerts.Core.Deliveries.Plan;

/// <summary>
/// One chunk of the plan: at most <see cref="DeliveryPlan.MaxChunkSize"/> rows of one partition,
/// one channel and one send time. It is written as one entity group transaction and announced by
/// one <c>deliveries</c> message.
/// </summary>
/// <param name="PartitionKey">The partition all rows share.</param>
/// <param name="Channel">The channel all rows share.</param>
/// <param name="Chunk">The chunk's number within its partition and channel (stable for the same audience).</param>
/// <param name="DeferUntil">When quiet hours let the chunk go; null for now.</param>
/// <param name="Rows">The rows, sorted by row key.</param>
public sealed record PlannedChunk(string PartitionKey, Channel Channel, int Chunk, DateTimeOffset? DeferUntil, IReadOnlyList<DeliveryRecord> Rows)
{
    /// <summary>The <c>Batch</c> column value and the last part of the message id: <c>{channel}:{chunk}</c>.</summary>
    public string BatchName => string.Create(CultureInfo.InvariantCulture, $"{Channel.ToWireName()}:{Chunk}");

    /// <summary>The message id: <c>{warningId}:{partitionKey}:{channel}:{chunk}</c>, the same on every re-run.</summary>
    public string MessageId(string warningId) => string.Create(CultureInfo.InvariantCulture, $"{warningId}:{PartitionKey}:{Channel.ToWireName()}:{Chunk}");
}

/// <summary>Turns matched recipients into rows and chunks; pure, so re-planning gives the same chunks.</summary>
public static class DeliveryPlan
{
    /// <summary>The entity group transaction limit of Table Storage, and the largest batch a provider request takes.</summary>
    public const int MaxChunkSize = 100;

    /// <summary>
    /// Rows for the recipients (one per contact × channel), grouped by (partition, channel, send
    /// time), sorted by row key and cut into chunks of at most <paramref name="chunkSize"/>.
    /// Chunks that go now come first, so the first messages are out before deferred rows are written.
    /// </summary>
    public static IReadOnlyList<PlannedChunk> Build(string warningId, IEnumerable<MatchedRecipient> recipients, DateTimeOffset plannedAt, int chunkSize = MaxChunkSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(warningId);
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chunkSize, MaxChunkSize);

        var rows = recipients
            .Select(r => ToRow(warningId, r, plannedAt))
            .DistinctBy(r => r.RowKey, StringComparer.Ordinal);

        var chunks = new List<PlannedChunk>();
        foreach (var partition in rows.GroupBy(r => (r.PartitionKey, r.Channel)).OrderBy(g => g.Key.PartitionKey, StringComparer.Ordinal).ThenBy(g => g.Key.Channel))
        {
            // Chunk numbers count on across the send times of one partition and channel, so two
            // chunks of the same partition never share a message id.
            var chunk = 0;
            foreach (var group in partition.GroupBy(r => r.DeferUntil).OrderBy(g => g.Key ?? DateTimeOffset.MinValue))
            {
                foreach (var slice in group.OrderBy(r => r.RowKey, StringComparer.Ordinal).Chunk(chunkSize))
                {
                    var name = string.Create(CultureInfo.InvariantCulture, $"{partition.Key.Channel.ToWireName()}:{chunk}");
                    chunks.Add(new PlannedChunk(partition.Key.PartitionKey, partition.Key.Channel, chunk, group.Key, [.. slice.Select(r => r with { Batch = name })]));
                    chunk++;
                }
            }
        }

        return [.. chunks.OrderBy(c => c.DeferUntil ?? DateTimeOffset.MinValue).ThenBy(c => c.Chunk).ThenBy(c => c.PartitionKey, StringComparer.Ordinal)];
    }

    private static DeliveryRecord ToRow(string warningId, MatchedRecipient recipient, DateTimeOffset plannedAt)
    {
        var rowKey = DeliveryKeys.RowKey(recipient.Channel, recipient.Uscc.Value, recipient.ContactId);
        return new DeliveryRecord
        {
            PartitionKey = DeliveryKeys.PartitionKey(warningId, DeliveryKeys.ShardOf(recipient.Address)),
            RowKey = rowKey,
            WarningId = warningId,
            Channel = recipient.Channel,
            Uscc = recipient.Uscc.Value,
            ContactId = recipient.ContactId,
            Address = recipient.Address,
            County = recipient.RegisteredCounty.ToString(),
            Status = DeliveryStatus.Planned,
            StatusAt = plannedAt,
            DeferUntil = recipient.DeferUntil,
        };
    }
}

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
/// <param name="FollowsEarlier">The rows are to recipients of an earlier version, whose text corrects or calls it off.</param>
public sealed record PlannedChunk(string PartitionKey, Channel Channel, int Chunk, DateTimeOffset? DeferUntil, IReadOnlyList<DeliveryRecord> Rows, bool FollowsEarlier = false)
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
    /// time) and cut into chunks of at most <paramref name="chunkSize"/>, whatever order the
    /// recipients come in. Chunks that go now come first, so the first messages are out before
    /// deferred rows are written.
    /// </summary>
    public static IReadOnlyList<PlannedChunk> Build(string warningId, IEnumerable<MatchedRecipient> recipients, DateTimeOffset plannedAt, int chunkSize = MaxChunkSize)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        var chunker = new DeliveryChunker(warningId, plannedAt, chunkSize, chunkSize);
        var chunks = new List<PlannedChunk>();
        foreach (var recipient in DeliveryChunker.InCanonicalOrder(recipients))
        {
            if (chunker.Add(recipient) is { } full)
            {
                chunks.Add(full);
            }
        }

        chunks.AddRange(chunker.Flush());
        return [.. chunks.OrderBy(c => c.DeferUntil ?? DateTimeOffset.MinValue).ThenBy(c => c.Chunk).ThenBy(c => c.PartitionKey, StringComparer.Ordinal)];
    }

    /// <summary>The row of one recipient, Planned, in its address's shard.</summary>
    internal static DeliveryRecord ToRow(string warningId, MatchedRecipient recipient, DateTimeOffset plannedAt, bool followsEarlier = false)
    {
        var rowKey = DeliveryKeys.RowKey(recipient.Channel, recipient.Uscc.Value, recipient.ContactId);
        return new DeliveryRecord
        {
            PartitionKey = DeliveryKeys.PartitionKey(warningId, DeliveryKeys.ShardOf(recipient.Address)),
            RowKey = rowKey,
            WarningId = warningId,
            Channel = recipient.Channel,
            Uscc = recipient.Uscc.Value,
            EnterpriseName = recipient.EnterpriseName,
            ContactId = recipient.ContactId,
            Address = recipient.Address,
            County = recipient.RegisteredCounty.ToString(),
            Status = DeliveryStatus.Planned,
            StatusAt = plannedAt,
            DeferUntil = recipient.DeferUntil,
            FollowsEarlier = followsEarlier,
        };
    }
}

/// <summary>
/// Cuts rows into chunks as recipients stream in, so that a chunk is written and published as soon
/// as it is full while the rest of a province is still being read. Deterministic: the same
/// recipients in the same order give the same chunks, chunk numbers and message ids, which is what
/// lets a planner that stopped half-way run again without sending anything twice.
/// </summary>
/// <remarks>
/// Rows are grouped by (partition, channel, send time, and whether they follow an earlier version,
/// since one batch carries one text). Chunk numbers count on per partition and
/// channel across send times, in the order chunks are opened, so two chunks never share a message
/// id. The first chunk of each group may be smaller (<c>firstChunkSize</c>): in a broadcast it fills
/// within the first page read, so the first messages leave within a second of the request.
/// </remarks>
public sealed class DeliveryChunker
{
    private readonly string _warningId;
    private readonly DateTimeOffset _plannedAt;
    private readonly int _chunkSize;
    private readonly int _firstChunkSize;
    private readonly Dictionary<(string PartitionKey, Channel Channel, DateTimeOffset? DeferUntil, bool FollowsEarlier), OpenChunk> _open = [];
    private readonly Dictionary<(string PartitionKey, Channel Channel, DateTimeOffset? DeferUntil, bool FollowsEarlier), int> _cut = [];
    private readonly Dictionary<(string PartitionKey, Channel Channel), int> _numbers = [];
    private readonly HashSet<(string PartitionKey, string RowKey)> _rows = [];

    /// <summary>Creates a chunker for one warning's plan.</summary>
    public DeliveryChunker(string warningId, DateTimeOffset plannedAt, int chunkSize = DeliveryPlan.MaxChunkSize, int firstChunkSize = DeliveryPlan.MaxChunkSize)
    {
        ArgumentException.ThrowIfNullOrEmpty(warningId);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chunkSize, DeliveryPlan.MaxChunkSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstChunkSize, 1);
        _warningId = warningId;
        _plannedAt = plannedAt;
        _chunkSize = chunkSize;
        _firstChunkSize = Math.Min(firstChunkSize, chunkSize);
    }

    /// <summary>Rows taken so far (each contact × channel once).</summary>
    public int RowCount => _rows.Count;

    /// <summary>Recipients in an order that does not depend on how they were found: by enterprise, contact and channel.</summary>
    public static IEnumerable<MatchedRecipient> InCanonicalOrder(IEnumerable<MatchedRecipient> recipients) =>
        recipients.OrderBy(r => r.Uscc.Value, StringComparer.Ordinal).ThenBy(r => r.ContactId, StringComparer.Ordinal).ThenBy(r => r.Channel);

    /// <summary>Takes one recipient; returns the chunk it completed, if it did. A contact × channel seen before is ignored.</summary>
    /// <param name="recipient">The recipient.</param>
    /// <param name="followsEarlier">The recipient was sent an earlier version, which this warning corrects or calls off.</param>
    public PlannedChunk? Add(MatchedRecipient recipient, bool followsEarlier = false)
    {
        var row = DeliveryPlan.ToRow(_warningId, recipient, _plannedAt, followsEarlier);
        if (!_rows.Add((row.PartitionKey, row.RowKey)))
        {
            return null;
        }

        var key = (row.PartitionKey, row.Channel, row.DeferUntil, row.FollowsEarlier);
        if (!_open.TryGetValue(key, out var open))
        {
            var number = _numbers.GetValueOrDefault((row.PartitionKey, row.Channel));
            _numbers[(row.PartitionKey, row.Channel)] = number + 1;
            var size = _cut.ContainsKey(key) ? _chunkSize : _firstChunkSize;
            open = new OpenChunk(number, size);
            _open[key] = open;
        }

        open.Rows.Add(row with { Batch = BatchName(row.Channel, open.Number) });
        if (open.Rows.Count < open.Size)
        {
            return null;
        }

        _open.Remove(key);
        _cut[key] = _cut.GetValueOrDefault(key) + 1;
        return Close(key, open);
    }

    /// <summary>The chunks still open (the last of each group), in a stable order; the chunker is empty afterwards.</summary>
    public IReadOnlyList<PlannedChunk> Flush()
    {
        var rest = _open.OrderBy(p => p.Key.PartitionKey, StringComparer.Ordinal).ThenBy(p => p.Key.Channel).ThenBy(p => p.Key.DeferUntil ?? DateTimeOffset.MinValue).ThenBy(p => p.Key.FollowsEarlier)
            .Select(p => Close(p.Key, p.Value))
            .ToList();
        _open.Clear();
        return rest;
    }

    private static PlannedChunk Close((string PartitionKey, Channel Channel, DateTimeOffset? DeferUntil, bool FollowsEarlier) key, OpenChunk open) =>
        new(key.PartitionKey, key.Channel, open.Number, key.DeferUntil, [.. open.Rows.OrderBy(r => r.RowKey, StringComparer.Ordinal)], key.FollowsEarlier);

    private static string BatchName(Channel channel, int number) => string.Create(CultureInfo.InvariantCulture, $"{channel.ToWireName()}:{number}");

    private sealed class OpenChunk(int number, int size)
    {
        public int Number { get; } = number;

        public int Size { get; } = size;

        public List<DeliveryRecord> Rows { get; } = new(size);
    }
}

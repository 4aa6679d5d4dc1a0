using RiskAlerts.LocalServiceBus.Entities;

namespace RiskAlerts.LocalServiceBus;

/// <summary>
/// What the broker has done since it started, counted as it happens: messages accepted from senders,
/// messages delivered to receivers, receivers' dispositions and <c>$management</c> requests. These are
/// the operations Service Bus bills, so a load run can say what one delivery costs. Thread-safe; read
/// while the broker runs. For a window, take a <see cref="Snapshot"/> at each end and subtract.
/// </summary>
public sealed class BrokerCounters
{
    private readonly Dictionary<string, EntitySendCounter> _sends = new(StringComparer.OrdinalIgnoreCase);
    private long _delivered;
    private long _completed;
    private long _abandoned;
    private long _deadLettered;
    private long _released;
    private long _managementRequests;
    private long _lockRenewals;

    internal BrokerCounters(IEnumerable<string> sendTargetPaths)
    {
        foreach (var path in sendTargetPaths)
        {
            _sends[path] = new EntitySendCounter();
        }
    }

    /// <summary>Messages senders handed to a queue or topic (each message of a batch counts; duplicates dropped by detection count too).</summary>
    public long MessagesSent => _sends.Values.Sum(counter => counter.Messages);

    /// <summary>Messages sent on receivers' links (redeliveries count again).</summary>
    public long MessagesDelivered => Interlocked.Read(ref _delivered);

    /// <summary>Complete dispositions.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Abandon dispositions.</summary>
    public long Abandoned => Interlocked.Read(ref _abandoned);

    /// <summary>Dead-letter dispositions asked for by receivers (not the broker's own max-delivery or expiry moves).</summary>
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>Released (or deferred) dispositions, for instance when a receiver closes with messages in hand.</summary>
    public long Released => Interlocked.Read(ref _released);

    /// <summary>Requests to an entity's <c>$management</c> node, lock renewals included.</summary>
    public long ManagementRequests => Interlocked.Read(ref _managementRequests);

    /// <summary>Lock renewal requests (one request may renew several locks).</summary>
    public long LockRenewals => Interlocked.Read(ref _lockRenewals);

    /// <summary>The counts now.</summary>
    public BrokerCounterSnapshot Snapshot() => new(
        MessagesSent,
        MessagesDelivered,
        Completed,
        Abandoned,
        DeadLettered,
        Released,
        ManagementRequests,
        LockRenewals);

    /// <summary>Messages accepted by one queue or topic (<c>warnings</c>, <c>deliveries</c>) and when the first and last arrived.</summary>
    /// <exception cref="ArgumentException">No queue or topic of that name.</exception>
    public EntitySends SentTo(string entityPath) =>
        _sends.TryGetValue(entityPath.Trim('/'), out var counter)
            ? counter.Read()
            : throw new ArgumentException($"No queue or topic '{entityPath}' in this broker's topology.", nameof(entityPath));

    internal void CountSent(string entityPath, DateTimeOffset at) => _sends[entityPath].Count(at);

    internal void CountDelivered() => Interlocked.Increment(ref _delivered);

    internal void CountUndelivered() => Interlocked.Decrement(ref _delivered);

    internal void CountCompleted() => Interlocked.Increment(ref _completed);

    internal void CountAbandoned() => Interlocked.Increment(ref _abandoned);

    internal void CountDeadLettered() => Interlocked.Increment(ref _deadLettered);

    internal void CountReleased() => Interlocked.Increment(ref _released);

    /// <summary>Counts a receiver's settlement, whether it came over its link or by lock token.</summary>
    internal void CountSettled(Settlement settlement)
    {
        switch (settlement)
        {
            case Settlement.Complete:
                CountCompleted();
                break;
            case Settlement.Abandon:
                CountAbandoned();
                break;
            case Settlement.DeadLetter:
                CountDeadLettered();
                break;
            default:
                CountReleased();
                break;
        }
    }

    internal void CountManagementRequest(bool lockRenewal)
    {
        Interlocked.Increment(ref _managementRequests);
        if (lockRenewal)
        {
            Interlocked.Increment(ref _lockRenewals);
        }
    }

    private sealed class EntitySendCounter
    {
        private long _messages;
        private long _firstTicks;
        private long _lastTicks;

        public long Messages => Interlocked.Read(ref _messages);

        public void Count(DateTimeOffset at)
        {
            var ticks = at.UtcTicks;
            MoveTowards(ref _firstTicks, ticks, earlier: true);
            MoveTowards(ref _lastTicks, ticks, earlier: false);
            Interlocked.Increment(ref _messages);
        }

        public EntitySends Read()
        {
            var first = Interlocked.Read(ref _firstTicks);
            var last = Interlocked.Read(ref _lastTicks);
            return new EntitySends(
                Messages,
                first == 0 ? null : new DateTimeOffset(first, TimeSpan.Zero),
                last == 0 ? null : new DateTimeOffset(last, TimeSpan.Zero));
        }

        // Senders on several links race; the earliest (or latest) time wins whichever thread writes last.
        private static void MoveTowards(ref long field, long ticks, bool earlier)
        {
            long seen;
            do
            {
                seen = Interlocked.Read(ref field);
                if (seen != 0 && (earlier ? ticks >= seen : ticks <= seen))
                {
                    return;
                }
            }
            while (Interlocked.CompareExchange(ref field, ticks, seen) != seen);
        }
    }
}

/// <summary>The broker's counts at one moment; subtract two to count what happened between them.</summary>
/// <param name="MessagesSent">Messages accepted from senders.</param>
/// <param name="MessagesDelivered">Messages sent to receivers.</param>
/// <param name="Completed">Complete dispositions.</param>
/// <param name="Abandoned">Abandon dispositions.</param>
/// <param name="DeadLettered">Dead-letter dispositions.</param>
/// <param name="Released">Released or deferred dispositions.</param>
/// <param name="ManagementRequests"><c>$management</c> requests, lock renewals included.</param>
/// <param name="LockRenewals">Lock renewal requests.</param>
public readonly record struct BrokerCounterSnapshot(
    long MessagesSent,
    long MessagesDelivered,
    long Completed,
    long Abandoned,
    long DeadLettered,
    long Released,
    long ManagementRequests,
    long LockRenewals)
{
    /// <summary>Every disposition: complete, abandon, dead-letter and release.</summary>
    public long Dispositions => Completed + Abandoned + DeadLettered + Released;

    /// <summary>Every operation: sends, deliveries, dispositions and management requests.</summary>
    public long Operations => MessagesSent + MessagesDelivered + Dispositions + ManagementRequests;

    /// <summary>What happened between <paramref name="earlier"/> and this snapshot.</summary>
    public BrokerCounterSnapshot Since(BrokerCounterSnapshot earlier) => new(
        MessagesSent - earlier.MessagesSent,
        MessagesDelivered - earlier.MessagesDelivered,
        Completed - earlier.Completed,
        Abandoned - earlier.Abandoned,
        DeadLettered - earlier.DeadLettered,
        Released - earlier.Released,
        ManagementRequests - earlier.ManagementRequests,
        LockRenewals - earlier.LockRenewals);
}

/// <summary>Messages one queue or topic accepted.</summary>
/// <param name="Messages">How many.</param>
/// <param name="First">When the first arrived; <see langword="null"/> when none has.</param>
/// <param name="Last">When the latest arrived; <see langword="null"/> when none has.</param>
public readonly record struct EntitySends(long Messages, DateTimeOffset? First, DateTimeOffset? Last);

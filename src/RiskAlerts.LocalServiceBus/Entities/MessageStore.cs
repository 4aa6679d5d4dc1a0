using System.Globalization;
using Microsoft.Extensions.Logging;

namespace RiskAlerts.LocalServiceBus.Entities;

/// <summary>
/// The messages of one receivable entity: a queue, a subscription or a dead-letter sub-queue.
/// Every member takes the one lock, so receivers, settlements and the housekeeping timer
/// never see a message half-moved. Messages are sent to links while the lock is held, which
/// keeps credit accounting and drain completion in step with what actually went out.
/// </summary>
internal sealed class MessageStore
{
    private readonly Lock _sync = new();
    private readonly SortedDictionary<long, StoredMessage> _available = [];
    private readonly SortedDictionary<long, StoredMessage> _active = [];
    private readonly Dictionary<Guid, StoredMessage> _locked = [];
    private readonly PriorityQueue<(StoredMessage Message, Guid LockToken), DateTimeOffset> _lockExpiries = new();
    private readonly PriorityQueue<StoredMessage, DateTimeOffset> _expiries = new();
    private readonly List<IMessageConsumer> _consumers = [];
    private readonly MessageStoreSettings _settings;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private int _nextConsumer;

    public MessageStore(string path, MessageStoreSettings settings, MessageStore? deadLetterStore, TimeProvider timeProvider, ILogger logger)
    {
        Path = path;
        _settings = settings;
        DeadLetterStore = deadLetterStore;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The entity path, e.g. <c>deliveries/subscriptions/sms</c>.</summary>
    public string Path { get; }

    /// <summary>The <c>$deadletterqueue</c> sub-queue; <see langword="null"/> for a dead-letter queue itself.</summary>
    public MessageStore? DeadLetterStore { get; }

    public long ActiveCount
    {
        get
        {
            lock (_sync)
            {
                return _active.Count;
            }
        }
    }

    /// <summary>Adds a newly sent (or newly due scheduled) message.</summary>
    public void Enqueue(StoredMessage message, TimeSpan? inheritedTimeToLive)
    {
        lock (_sync)
        {
            var now = _timeProvider.GetUtcNow();
            message.EnqueuedTime = now;
            var timeToLive = message.TimeToLive ?? _settings.DefaultMessageTimeToLive ?? inheritedTimeToLive;
            message.ExpiresAt = timeToLive is { } ttl && ttl < DateTimeOffset.MaxValue - now ? now + ttl : null;
            AddAvailableLocked(message);
            DispatchLocked(now);
        }
    }

    public void AddConsumer(IMessageConsumer consumer)
    {
        lock (_sync)
        {
            _consumers.Add(consumer);
        }
    }

    public void RemoveConsumer(IMessageConsumer consumer)
    {
        lock (_sync)
        {
            _consumers.Remove(consumer);
        }
    }

    /// <summary>Applies a flow from a receiver, sends what it can, and completes a drain.</summary>
    /// <param name="consumer">The receiver.</param>
    /// <param name="creditDelta">Credit added by the flow; zero or less means the receiver holds no spare credit.</param>
    /// <param name="drain">Whether the receiver asked to drain its credit.</param>
    public void OnCredit(IMessageConsumer consumer, int creditDelta, bool drain)
    {
        lock (_sync)
        {
            // Mirrors AMQPNetLite's own link credit so the two never disagree.
            consumer.Credit = creditDelta > 0 ? consumer.Credit + creditDelta : 0;
            DispatchLocked(_timeProvider.GetUtcNow());
            if (drain)
            {
                consumer.Credit = 0;
                consumer.CompleteDrain();
            }
        }
    }

    /// <summary>Applies a receiver's decision about a locked message.</summary>
    public DispositionResult Settle(Guid lockToken, Settlement settlement)
    {
        lock (_sync)
        {
            var now = _timeProvider.GetUtcNow();
            if (!_locked.TryGetValue(lockToken, out var message) || message.LockedUntil <= now)
            {
                return DispositionResult.LockLost;
            }

            if (settlement is Settlement.Defer)
            {
                return DispositionResult.NotSupported;
            }

            _locked.Remove(lockToken);
            message.LockToken = Guid.Empty;
            switch (settlement)
            {
                case Settlement.Complete:
                    _active.Remove(message.SequenceNumber);
                    break;
                case Settlement.Release:
                    ReturnLocked(message, now);
                    break;
                case Settlement.Abandon abandon:
                    ApplyOverrides(message, abandon.PropertiesToModify);
                    message.DeliveryCount++;
                    ReturnLocked(message, now);
                    break;
                case Settlement.DeadLetter deadLetter:
                    ApplyOverrides(message, deadLetter.PropertiesToModify);
                    DeadLetterLocked(message, deadLetter.Reason, deadLetter.Description);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(settlement), settlement, "Unknown settlement.");
            }

            DispatchLocked(now);
            return DispositionResult.Applied;
        }
    }

    /// <summary>Extends a lock by the lock duration; <see langword="null"/> when the lock is unknown or already expired.</summary>
    public DateTimeOffset? RenewLock(Guid lockToken)
    {
        lock (_sync)
        {
            var now = _timeProvider.GetUtcNow();
            if (!_locked.TryGetValue(lockToken, out var message) || message.LockedUntil <= now)
            {
                return null;
            }

            message.LockedUntil = now + _settings.LockDuration;
            _lockExpiries.Enqueue((message, lockToken), message.LockedUntil);
            return message.LockedUntil;
        }
    }

    /// <summary>Active messages from a sequence number on, as a peek returns them (no lock taken).</summary>
    public IReadOnlyList<DeliveredMessage> Peek(long fromSequenceNumber, int maxCount)
    {
        lock (_sync)
        {
            var peeked = new List<DeliveredMessage>(Math.Min(maxCount, _active.Count));
            foreach (var (sequenceNumber, message) in _active)
            {
                if (peeked.Count >= maxCount)
                {
                    break;
                }

                if (sequenceNumber >= fromSequenceNumber)
                {
                    peeked.Add(message.ToDelivery(lockToken: null));
                }
            }

            return peeked;
        }
    }

    /// <summary>Releases expired locks and expires messages whose time-to-live ran out.</summary>
    public void ProcessDue()
    {
        lock (_sync)
        {
            var now = _timeProvider.GetUtcNow();
            while (_lockExpiries.TryPeek(out var entry, out var due) && due <= now)
            {
                _lockExpiries.Dequeue();
                if (_locked.TryGetValue(entry.LockToken, out var message)
                    && ReferenceEquals(message, entry.Message)
                    && message.LockedUntil <= now)
                {
                    _locked.Remove(entry.LockToken);
                    message.LockToken = Guid.Empty;
                    message.DeliveryCount++;
                    _logger.LogDebug("Lock on message {SequenceNumber} in {EntityPath} expired", message.SequenceNumber, Path);
                    ReturnLocked(message, now);
                }
            }

            while (_expiries.TryPeek(out var message, out var due) && due <= now)
            {
                _expiries.Dequeue();
                if (_available.TryGetValue(message.SequenceNumber, out var available) && ReferenceEquals(available, message))
                {
                    ExpireLocked(message);
                }
            }

            DispatchLocked(now);
        }
    }

    /// <summary>Takes a message moved here from the parent entity; it keeps its sequence number and enqueued time.</summary>
    private void AcceptDeadLettered(StoredMessage message)
    {
        lock (_sync)
        {
            AddAvailableLocked(message);
            DispatchLocked(_timeProvider.GetUtcNow());
        }
    }

    private void AddAvailableLocked(StoredMessage message)
    {
        _available[message.SequenceNumber] = message;
        _active[message.SequenceNumber] = message;
        if (message.ExpiresAt is { } expiresAt)
        {
            _expiries.Enqueue(message, expiresAt);
        }
    }

    // A message coming back from a receiver: dead-lettered when out of attempts, expired when out of time.
    private void ReturnLocked(StoredMessage message, DateTimeOffset now)
    {
        if (DeadLetterStore is not null && message.DeliveryCount >= _settings.MaxDeliveryCount)
        {
            DeadLetterLocked(
                message,
                AnnotationNames.MaxDeliveryCountExceededReason,
                $"Message could not be consumed after {_settings.MaxDeliveryCount.ToString(CultureInfo.InvariantCulture)} delivery attempts.");
            return;
        }

        if (message.ExpiresAt is { } expiresAt && expiresAt <= now)
        {
            ExpireLocked(message);
            return;
        }

        _available[message.SequenceNumber] = message;
    }

    private void ExpireLocked(StoredMessage message)
    {
        _available.Remove(message.SequenceNumber);
        _active.Remove(message.SequenceNumber);
        if (_settings.DeadLetteringOnMessageExpiration && DeadLetterStore is not null)
        {
            DeadLetterLocked(message, AnnotationNames.TimeToLiveExpiredReason, AnnotationNames.TimeToLiveExpiredDescription);
        }
        else
        {
            _logger.LogDebug("Message {SequenceNumber} in {EntityPath} expired and was discarded", message.SequenceNumber, Path);
        }
    }

    private void DeadLetterLocked(StoredMessage message, string? reason, string? description)
    {
        _available.Remove(message.SequenceNumber);
        _active.Remove(message.SequenceNumber);
        if (DeadLetterStore is null)
        {
            // A dead-letter sub-queue has nowhere further to move a message; the receiver asked to drop it.
            _logger.LogWarning("Message {SequenceNumber} dead-lettered in {EntityPath}, which is itself a dead-letter queue; discarded", message.SequenceNumber, Path);
            return;
        }

        var deadLettered = message.CopyFor(message.SequenceNumber);
        deadLettered.ExpiresAt = null;
        if (reason is not null)
        {
            deadLettered.SetPropertyOverride(AnnotationNames.DeadLetterReasonProperty, reason);
        }

        if (description is not null)
        {
            deadLettered.SetPropertyOverride(AnnotationNames.DeadLetterErrorDescriptionProperty, description);
        }

        _logger.LogInformation(
            "Message {SequenceNumber} in {EntityPath} dead-lettered: {DeadLetterReason}",
            message.SequenceNumber,
            Path,
            reason);

        // Lock order is always parent then dead-letter store; the dead-letter store never calls back.
        DeadLetterStore.AcceptDeadLettered(deadLettered);
    }

    private static void ApplyOverrides(StoredMessage message, IReadOnlyDictionary<string, object?> propertiesToModify)
    {
        foreach (var (name, value) in propertiesToModify)
        {
            message.SetPropertyOverride(name, value);
        }
    }

    private void DispatchLocked(DateTimeOffset now)
    {
        while (_available.Count > 0)
        {
            var consumer = NextConsumerWithCredit();
            if (consumer is null)
            {
                return;
            }

            var message = TakeNextAvailable(now);
            if (message is null)
            {
                return;
            }

            DeliveredMessage delivery;
            if (consumer.ReceiveAndDelete)
            {
                _active.Remove(message.SequenceNumber);
                delivery = message.ToDelivery(lockToken: null);
            }
            else
            {
                var lockToken = Guid.NewGuid();
                message.LockToken = lockToken;
                message.LockedUntil = now + _settings.LockDuration;
                _locked[lockToken] = message;
                _lockExpiries.Enqueue((message, lockToken), message.LockedUntil);
                delivery = message.ToDelivery(lockToken);
            }

            consumer.Credit--;
            if (!consumer.TrySend(delivery))
            {
                // The link is going away: the message goes back as if never sent.
                _consumers.Remove(consumer);
                if (!consumer.ReceiveAndDelete)
                {
                    _locked.Remove(message.LockToken);
                    message.LockToken = Guid.Empty;
                }

                AddAvailableLocked(message);
            }
        }
    }

    private StoredMessage? TakeNextAvailable(DateTimeOffset now)
    {
        while (_available.Count > 0)
        {
            var (sequenceNumber, message) = _available.First();
            if (message.ExpiresAt is { } expiresAt && expiresAt <= now)
            {
                ExpireLocked(message);
                continue;
            }

            _available.Remove(sequenceNumber);
            return message;
        }

        return null;
    }

    private IMessageConsumer? NextConsumerWithCredit()
    {
        for (var attempt = 0; attempt < _consumers.Count; attempt++)
        {
            _nextConsumer = (_nextConsumer + 1) % _consumers.Count;
            var consumer = _consumers[_nextConsumer];
            if (consumer.Credit > 0)
            {
                return consumer;
            }
        }

        return null;
    }
}

using Amqp;
using Microsoft.Extensions.Logging;

namespace RiskAlerts.LocalServiceBus.Entities;

/// <summary>
/// An entity senders write to (a queue or a topic): duplicate detection and scheduled messages
/// live here; <see cref="Route"/> decides where an accepted message goes.
/// </summary>
internal abstract class SendTarget
{
    private readonly Lock _scheduleSync = new();
    private readonly Dictionary<long, StoredMessage> _scheduled = [];
    private readonly PriorityQueue<StoredMessage, DateTimeOffset> _schedule = new();
    private readonly DuplicateDetector? _duplicates;
    private readonly SequenceNumberSource _sequenceNumbers;
    private readonly BrokerCounters _counters;

    protected SendTarget(string path, TimeSpan? duplicateDetectionWindow, SequenceNumberSource sequenceNumbers, BrokerCounters counters, TimeProvider timeProvider, ILogger logger)
    {
        Path = path;
        _duplicates = duplicateDetectionWindow is { } window && window > TimeSpan.Zero ? new DuplicateDetector(window) : null;
        _sequenceNumbers = sequenceNumbers;
        _counters = counters;
        TimeProvider = timeProvider;
        Logger = logger;
    }

    public string Path { get; }

    protected TimeProvider TimeProvider { get; }

    protected ILogger Logger { get; }

    public long ScheduledCount
    {
        get
        {
            lock (_scheduleSync)
            {
                return _scheduled.Count;
            }
        }
    }

    /// <summary>Accepts one message from a sender.</summary>
    /// <returns>The sequence number given to the message, or <see langword="null"/> when it was dropped as a duplicate.</returns>
    public long? Accept(Message message)
    {
        var now = TimeProvider.GetUtcNow();
        _counters.CountSent(Path, now);
        var messageId = message.Properties?.MessageId;
        if (_duplicates?.IsDuplicate(messageId, now) == true)
        {
            Logger.LogDebug("Duplicate message {MessageId} dropped by {EntityPath}", messageId, Path);
            return null;
        }

        var scheduledEnqueueTime = message.MessageAnnotations?.Map[AnnotationNames.ScheduledEnqueueTime] is DateTime scheduled
            ? new DateTimeOffset(DateTime.SpecifyKind(scheduled, DateTimeKind.Utc))
            : (DateTimeOffset?)null;
        var stored = StoredMessage.Create(message, _sequenceNumbers.Next(), scheduledEnqueueTime);
        if (scheduledEnqueueTime is { } due && due > now)
        {
            lock (_scheduleSync)
            {
                _scheduled[stored.SequenceNumber] = stored;
                _schedule.Enqueue(stored, due);
            }

            return stored.SequenceNumber;
        }

        Route(stored);
        return stored.SequenceNumber;
    }

    /// <summary>Cancels a scheduled message; <see langword="false"/> when none with that sequence number is waiting.</summary>
    public bool CancelScheduled(long sequenceNumber)
    {
        lock (_scheduleSync)
        {
            return _scheduled.Remove(sequenceNumber);
        }
    }

    /// <summary>Routes scheduled messages whose time has come.</summary>
    public void ProcessDue()
    {
        var now = TimeProvider.GetUtcNow();
        List<StoredMessage>? due = null;
        lock (_scheduleSync)
        {
            while (_schedule.TryPeek(out var message, out var dueAt) && dueAt <= now)
            {
                _schedule.Dequeue();
                if (_scheduled.Remove(message.SequenceNumber))
                {
                    (due ??= []).Add(message);
                }
            }
        }

        // Routed outside the schedule lock: routing takes store locks.
        foreach (var message in due ?? [])
        {
            Route(message);
        }
    }

    protected abstract void Route(StoredMessage message);
}

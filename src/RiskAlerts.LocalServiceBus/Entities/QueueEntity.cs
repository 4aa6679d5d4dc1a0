using Microsoft.Extensions.Logging;

namespace RiskAlerts.LocalServiceBus.Entities;

/// <summary>A queue: a send target whose messages go to its own store.</summary>
internal sealed class QueueEntity : SendTarget
{
    public QueueEntity(QueueDefinition definition, SequenceNumberSource sequenceNumbers, BrokerCounters counters, TimeProvider timeProvider, ILogger logger)
        : base(definition.Name, definition.DuplicateDetectionWindow, sequenceNumbers, counters, timeProvider, logger)
    {
        var deadLetterStore = new MessageStore(
            $"{definition.Name}/$deadletterqueue",
            MessageStoreSettings.ForDeadLetterQueue(definition.LockDuration),
            deadLetterStore: null,
            timeProvider,
            logger);
        Store = new MessageStore(
            definition.Name,
            new MessageStoreSettings(definition.LockDuration, definition.MaxDeliveryCount, definition.DefaultMessageTimeToLive, definition.DeadLetteringOnMessageExpiration),
            deadLetterStore,
            timeProvider,
            logger);
    }

    public MessageStore Store { get; }

    protected override void Route(StoredMessage message) => Store.Enqueue(message, inheritedTimeToLive: null);
}

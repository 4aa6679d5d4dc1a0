using Microsoft.Extensions.Logging;

namespace RiskAlerts.LocalServiceBus.Entities;

/// <summary>A topic: a send target that copies each message to every subscription whose filter matches.</summary>
internal sealed class TopicEntity : SendTarget
{
    private readonly TimeSpan? _defaultTimeToLive;

    public TopicEntity(TopicDefinition definition, SequenceNumberSource sequenceNumbers, BrokerCounters counters, TimeProvider timeProvider, ILogger logger)
        : base(definition.Name, definition.DuplicateDetectionWindow, sequenceNumbers, counters, timeProvider, logger)
    {
        _defaultTimeToLive = definition.DefaultMessageTimeToLive;
        Subscriptions = definition.Subscriptions.ToDictionary(
            subscription => subscription.Name,
            subscription => new SubscriptionEntity(definition.Name, subscription, timeProvider, logger),
            StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyDictionary<string, SubscriptionEntity> Subscriptions { get; }

    protected override void Route(StoredMessage message)
    {
        var properties = message.Original.Properties;
        foreach (var subscription in Subscriptions.Values)
        {
            var filter = subscription.Filter;
            if (filter is null || filter.Matches(
                    properties?.MessageId,
                    properties?.CorrelationId,
                    properties?.Subject,
                    properties?.ContentType is { } contentType ? contentType.ToString() : null,
                    message.GetApplicationProperty))
            {
                subscription.Store.Enqueue(message.CopyFor(message.SequenceNumber), _defaultTimeToLive);
            }
        }
    }
}

/// <summary>A subscription: its filter and its store (with a dead-letter sub-queue).</summary>
internal sealed class SubscriptionEntity
{
    public SubscriptionEntity(string topicName, SubscriptionDefinition definition, TimeProvider timeProvider, ILogger logger)
    {
        var path = $"{topicName}/subscriptions/{definition.Name}";
        Filter = definition.CorrelationFilter;
        var deadLetterStore = new MessageStore(
            $"{path}/$deadletterqueue",
            MessageStoreSettings.ForDeadLetterQueue(definition.LockDuration),
            deadLetterStore: null,
            timeProvider,
            logger);
        Store = new MessageStore(
            path,
            new MessageStoreSettings(definition.LockDuration, definition.MaxDeliveryCount, definition.DefaultMessageTimeToLive, definition.DeadLetteringOnMessageExpiration),
            deadLetterStore,
            timeProvider,
            logger);
    }

    public CorrelationFilter? Filter { get; }

    public MessageStore Store { get; }
}

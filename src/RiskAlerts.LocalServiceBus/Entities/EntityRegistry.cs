using Microsoft.Extensions.Logging;

namespace RiskAlerts.LocalServiceBus.Entities;

/// <summary>What a link address names.</summary>
/// <param name="EntityPath">The normalised entity path (no leading slash, no <c>$management</c> suffix).</param>
/// <param name="SendTarget">The queue or topic a sender may write to, if the address names one.</param>
/// <param name="Store">The store a receiver may read from, if the address names one.</param>
/// <param name="IsManagement">Whether the address is the entity's <c>$management</c> node.</param>
internal sealed record ResolvedAddress(string EntityPath, SendTarget? SendTarget, MessageStore? Store, bool IsManagement);

/// <summary>All entities of a topology, found by the addresses the Service Bus client attaches to.</summary>
internal sealed class EntityRegistry
{
    private const string DeadLetterSuffix = "/$deadletterqueue";
    private const string ManagementSuffix = "/$management";
    private const string SubscriptionsSegment = "/subscriptions/";

    private readonly Dictionary<string, QueueEntity> _queues;
    private readonly Dictionary<string, TopicEntity> _topics;

    public EntityRegistry(BrokerTopology topology, TimeProvider timeProvider, ILogger logger)
    {
        var sequenceNumbers = new SequenceNumberSource();
        ReleaseLocksOnDisconnect = topology.ReleaseLocksOnDisconnect;
        Counters = new BrokerCounters([.. topology.Queues.Select(queue => queue.Name), .. topology.Topics.Select(topic => topic.Name)]);
        _queues = topology.Queues.ToDictionary(
            queue => queue.Name,
            queue => new QueueEntity(queue, sequenceNumbers, Counters, timeProvider, logger),
            StringComparer.OrdinalIgnoreCase);
        _topics = topology.Topics.ToDictionary(
            topic => topic.Name,
            topic => new TopicEntity(topic, sequenceNumbers, Counters, timeProvider, logger),
            StringComparer.OrdinalIgnoreCase);
        SendTargets = [.. _queues.Values, .. _topics.Values];
        Stores = [
            .. _queues.Values.SelectMany(queue => new[] { queue.Store, queue.Store.DeadLetterStore! }),
            .. _topics.Values.SelectMany(topic => topic.Subscriptions.Values)
                .SelectMany(subscription => new[] { subscription.Store, subscription.Store.DeadLetterStore! }),
        ];
    }

    /// <summary>What the broker's entities and links have done; entities count sends, links the rest.</summary>
    public BrokerCounters Counters { get; }

    /// <summary>Whether a receiver that goes away gives its locked messages back at once (see <see cref="BrokerTopology.ReleaseLocksOnDisconnect"/>).</summary>
    public bool ReleaseLocksOnDisconnect { get; }

    public IReadOnlyList<SendTarget> SendTargets { get; }

    public IReadOnlyList<MessageStore> Stores { get; }

    /// <summary>Finds what an address names; accepts a leading slash and a full <c>sb://host/</c> or <c>amqp://host/</c> form.</summary>
    public ResolvedAddress? Resolve(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return null;
        }

        var path = Normalise(address);
        var isManagement = path.EndsWith(ManagementSuffix, StringComparison.OrdinalIgnoreCase);
        if (isManagement)
        {
            path = path[..^ManagementSuffix.Length];
        }

        var deadLetter = path.EndsWith(DeadLetterSuffix, StringComparison.OrdinalIgnoreCase);
        var entityPath = deadLetter ? path[..^DeadLetterSuffix.Length] : path;

        var subscriptionIndex = entityPath.IndexOf(SubscriptionsSegment, StringComparison.OrdinalIgnoreCase);
        if (subscriptionIndex > 0)
        {
            var topicName = entityPath[..subscriptionIndex];
            var subscriptionName = entityPath[(subscriptionIndex + SubscriptionsSegment.Length)..];
            if (_topics.TryGetValue(topicName, out var topic) && topic.Subscriptions.TryGetValue(subscriptionName, out var subscription))
            {
                var store = deadLetter ? subscription.Store.DeadLetterStore : subscription.Store;
                return new ResolvedAddress(store!.Path, null, store, isManagement);
            }

            return null;
        }

        if (_queues.TryGetValue(entityPath, out var queue))
        {
            var store = deadLetter ? queue.Store.DeadLetterStore! : queue.Store;
            return new ResolvedAddress(store.Path, deadLetter ? null : queue, store, isManagement);
        }

        if (!deadLetter && _topics.TryGetValue(entityPath, out var topicEntity))
        {
            return new ResolvedAddress(topicEntity.Path, topicEntity, null, isManagement);
        }

        return null;
    }

    /// <summary>Counts for a queue, topic, subscription or dead-letter path.</summary>
    public EntityCounts? GetCounts(string entityPath)
    {
        var resolved = Resolve(entityPath);
        if (resolved is null)
        {
            return null;
        }

        var active = resolved.Store?.ActiveCount ?? 0;
        var scheduled = resolved.SendTarget?.ScheduledCount ?? 0;
        var deadLetter = resolved.Store?.DeadLetterStore?.ActiveCount ?? 0;
        return new EntityCounts(active, scheduled, deadLetter);
    }

    private static string Normalise(string address)
    {
        var path = address.Trim();
        var schemeEnd = path.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd >= 0)
        {
            var hostEnd = path.IndexOf('/', schemeEnd + 3);
            path = hostEnd < 0 ? string.Empty : path[hostEnd..];
        }

        return path.Trim('/');
    }
}

namespace RiskAlerts.LocalServiceBus;

/// <summary>A topic and its subscriptions.</summary>
public sealed class TopicDefinition
{
    /// <summary>The topic name, e.g. <c>deliveries</c>.</summary>
    public required string Name { get; init; }

    /// <summary>When set, a second message with the same MessageId inside this window is dropped.</summary>
    public TimeSpan? DuplicateDetectionWindow { get; set; }

    /// <summary>Time-to-live applied to messages sent without one; <see langword="null"/> means they never expire.</summary>
    public TimeSpan? DefaultMessageTimeToLive { get; set; }

    /// <summary>The subscriptions; each receives a copy of every message its filter matches.</summary>
    public List<SubscriptionDefinition> Subscriptions { get; set; } = [];
}

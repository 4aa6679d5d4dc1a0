namespace RiskAlerts.LocalServiceBus;

/// <summary>A topic subscription: a queue-like entity fed by the topic through its filter.</summary>
public sealed class SubscriptionDefinition
{
    /// <summary>The subscription name, e.g. <c>sms</c>.</summary>
    public required string Name { get; init; }

    /// <summary>How long a peek-lock receiver holds a message before it becomes available again.</summary>
    public TimeSpan LockDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deliveries after which a message moves to the dead-letter sub-queue (reason <c>MaxDeliveryCountExceeded</c>).</summary>
    public int MaxDeliveryCount { get; set; } = 10;

    /// <summary>Time-to-live applied to messages that have none; <see langword="null"/> means the topic's or none.</summary>
    public TimeSpan? DefaultMessageTimeToLive { get; set; }

    /// <summary>Kept for symmetry with queues; duplicate detection is done by the topic.</summary>
    public TimeSpan? DuplicateDetectionWindow { get; set; }

    /// <summary>Whether expired messages move to the dead-letter sub-queue instead of being discarded.</summary>
    public bool DeadLetteringOnMessageExpiration { get; set; }

    /// <summary>The filter a message must match to reach this subscription; <see langword="null"/> accepts every message.</summary>
    public CorrelationFilter? CorrelationFilter { get; set; }
}

namespace RiskAlerts.LocalServiceBus;

/// <summary>A queue the broker serves, with the Service Bus settings the broker honours.</summary>
public sealed class QueueDefinition
{
    /// <summary>The queue name, e.g. <c>warnings</c>.</summary>
    public required string Name { get; init; }

    /// <summary>How long a peek-lock receiver holds a message before it becomes available again.</summary>
    public TimeSpan LockDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deliveries after which a message moves to the dead-letter sub-queue (reason <c>MaxDeliveryCountExceeded</c>).</summary>
    public int MaxDeliveryCount { get; set; } = 10;

    /// <summary>Time-to-live applied to messages sent without one; <see langword="null"/> means they never expire.</summary>
    public TimeSpan? DefaultMessageTimeToLive { get; set; }

    /// <summary>When set, a second message with the same MessageId inside this window is dropped.</summary>
    public TimeSpan? DuplicateDetectionWindow { get; set; }

    /// <summary>Whether expired messages move to the dead-letter sub-queue instead of being discarded.</summary>
    public bool DeadLetteringOnMessageExpiration { get; set; }
}

namespace RiskAlerts.LocalServiceBus.Entities;

/// <summary>The settings a receivable entity (queue, subscription or dead-letter sub-queue) runs with.</summary>
internal sealed record MessageStoreSettings(
    TimeSpan LockDuration,
    int MaxDeliveryCount,
    TimeSpan? DefaultMessageTimeToLive,
    bool DeadLetteringOnMessageExpiration)
{
    /// <summary>Dead-letter sub-queues neither expire messages nor dead-letter them again.</summary>
    public static MessageStoreSettings ForDeadLetterQueue(TimeSpan lockDuration) =>
        new(lockDuration, int.MaxValue, null, false);
}

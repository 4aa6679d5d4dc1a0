namespace RiskAlerts.LocalServiceBus;

/// <summary>How many messages an entity holds, by state.</summary>
/// <param name="Active">Messages waiting or locked by a receiver.</param>
/// <param name="Scheduled">Messages waiting for their scheduled enqueue time.</param>
/// <param name="DeadLetter">Messages in the entity's <c>$deadletterqueue</c> sub-queue.</param>
public readonly record struct EntityCounts(long Active, long Scheduled, long DeadLetter);

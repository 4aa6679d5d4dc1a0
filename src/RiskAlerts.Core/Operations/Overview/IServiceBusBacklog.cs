namespace RiskAlerts.Core.Operations.Overview;

/// <summary>How many messages wait in each of the product's Service Bus queues and subscriptions.</summary>
public interface IServiceBusBacklog
{
    /// <summary>
    /// The counts of the <c>warnings</c> queue, the <c>deliveries</c> topic (its scheduled messages
    /// only) and the <c>sms</c> and <c>email</c> subscriptions, by their configured names.
    /// </summary>
    Task<IReadOnlyList<EntityBacklog>> ReadAsync(CancellationToken cancellationToken = default);
}

/// <summary>One entity's waiting messages.</summary>
/// <param name="Entity">Its configured name: <c>warnings</c>, <c>deliveries</c>, <c>sms</c> or <c>email</c>.</param>
/// <param name="Active">Messages ready to be taken or being handled.</param>
/// <param name="Scheduled">Messages held for a later enqueue time (quiet hours).</param>
/// <param name="DeadLetter">Messages in its dead-letter queue.</param>
public sealed record EntityBacklog(string Entity, long Active, long Scheduled, long DeadLetter);

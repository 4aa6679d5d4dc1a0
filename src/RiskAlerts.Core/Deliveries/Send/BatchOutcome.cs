namespace RiskAlerts.Core.Deliveries.Send;

/// <summary>What the consumer does with a <c>deliveries</c> message once a sender has handled it.</summary>
/// <param name="DeadLetterReason">Null to complete the message; otherwise the dead-letter reason an operator reads.</param>
/// <param name="DeadLetterDescription">The dead-letter description.</param>
public sealed record BatchOutcome(string? DeadLetterReason = null, string? DeadLetterDescription = null)
{
    /// <summary>Done: complete the message.</summary>
    public static BatchOutcome Completed { get; } = new();

    /// <summary>True when the message goes to the dead-letter queue.</summary>
    public bool IsDeadLetter => DeadLetterReason is not null;

    /// <summary>Dead-letter with a reason.</summary>
    public static BatchOutcome DeadLetter(string reason, string description) => new(reason, description);
}

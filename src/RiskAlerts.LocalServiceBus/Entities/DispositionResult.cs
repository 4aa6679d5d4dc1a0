namespace RiskAlerts.LocalServiceBus.Entities;

/// <summary>What became of a settlement request.</summary>
internal enum DispositionResult
{
    /// <summary>The outcome was applied.</summary>
    Applied,

    /// <summary>The lock token is unknown or its lock expired.</summary>
    LockLost,

    /// <summary>The outcome is not something this broker implements (e.g. defer).</summary>
    NotSupported,
}

/// <summary>The receiver's decision about a locked message.</summary>
internal abstract record Settlement
{
    public sealed record Complete : Settlement;

    /// <summary>Back to the queue with the delivery count raised (abandon).</summary>
    public sealed record Abandon(IReadOnlyDictionary<string, object?> PropertiesToModify) : Settlement;

    /// <summary>Back to the queue without counting a delivery (released by the link).</summary>
    public sealed record Release : Settlement;

    public sealed record DeadLetter(string? Reason, string? Description, IReadOnlyDictionary<string, object?> PropertiesToModify) : Settlement;

    public sealed record Defer : Settlement;
}

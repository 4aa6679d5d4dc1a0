namespace RiskAlerts.Infrastructure.Messaging;

/// <summary>
/// Body of a <c>warnings</c> queue message: only the id. The planner reads the warning from
/// the store, which is the single source of truth (a retracted warning is not planned).
/// </summary>
public sealed record WarningQueueMessage(string WarningId, DateTimeOffset AcceptedAt);

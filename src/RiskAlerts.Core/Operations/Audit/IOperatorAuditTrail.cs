namespace RiskAlerts.Core.Operations.Audit;

/// <summary>
/// What operators did and looked at: replays, discards, pauses and personal-data lookups. Kept in
/// storage rather than only in logs, so that it survives log sampling and retention and can be
/// shown to whoever audits the operators.
/// </summary>
public interface IOperatorAuditTrail
{
    /// <summary>Records one entry. The target must already be masked where it is personal data.</summary>
    Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="max"/> entries of one UTC day, newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ListAsync(DateOnly day, int max, CancellationToken cancellationToken = default);

    /// <summary>Deletes up to <paramref name="max"/> entries of the UTC days before <paramref name="firstKeptDay"/>, oldest first; returns how many.</summary>
    Task<int> DeleteBeforeAsync(DateOnly firstKeptDay, int max, CancellationToken cancellationToken = default);
}

/// <summary>One thing an operator did.</summary>
/// <param name="At">When.</param>
/// <param name="Actor">The operator's name as authenticated.</param>
/// <param name="Action">What, as a stable dotted name (<c>deliveries.lookup</c>, <c>deadletter.replay</c>, ...).</param>
/// <param name="Target">What it was done to (masked where it is personal data).</param>
/// <param name="Detail">The outcome or the reason given, in a sentence.</param>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string Target, string? Detail);

/// <summary>The stable action names of <see cref="AuditEntry.Action"/>.</summary>
public static class AuditActions
{
    /// <summary>Deliveries looked up by phone number or email address.</summary>
    public const string DeliveryLookup = "deliveries.lookup";

    /// <summary>One dead letter replayed.</summary>
    public const string DeadLetterReplay = "deadletter.replay";

    /// <summary>Every dead letter of an entity replayed.</summary>
    public const string DeadLetterReplayAll = "deadletter.replay-all";

    /// <summary>A dead letter discarded.</summary>
    public const string DeadLetterDiscard = "deadletter.discard";

    /// <summary>A channel or provider paused.</summary>
    public const string Pause = "channel.pause";

    /// <summary>A channel or provider resumed.</summary>
    public const string Resume = "channel.resume";

    /// <summary>An enterprise erased at its request: the target is its credit code, the detail the reason.</summary>
    public const string EnterpriseErase = "enterprise.erase";

    /// <summary>One contact of an enterprise erased: the target is <c>{uscc}/{contactId}</c>, the detail the reason.</summary>
    public const string ContactErase = "enterprise.contact-erase";
}

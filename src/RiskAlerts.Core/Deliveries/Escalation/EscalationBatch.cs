using System.Globalization;

namespace RiskAlerts.Core.Deliveries.Escalation;

/// <summary>
/// A check, due when an escalation window ends, of up to <see cref="EscalationBatcher.MaxEnterprises"/>
/// enterprises that got one warning: each that has not acknowledged by then gets it on its contacts
/// of the next <paramref name="Step"/>. Travels as a scheduled <c>warnings</c> queue message.
/// </summary>
/// <param name="MessageId">
/// Deterministic: <c>{warningId}:escalation:{n}</c> from the planner; a check that waits for quiet
/// hours to end adds <c>:q{yyyyMMddHHmm}</c>, the check of the following step adds <c>:next</c>.
/// Duplicate detection drops a second publish; the delivery batches it plans are named after it.
/// </param>
/// <param name="WarningId">The warning.</param>
/// <param name="Step">1: the contacts of the second precedence; <see cref="EscalationLevels.LastStep"/>: every contact not reached yet.</param>
/// <param name="Window">The warning's escalation window, fixed when it was planned: the wait before the following step.</param>
/// <param name="DueAt">When the check runs.</param>
/// <param name="Enterprises">The enterprises' credit codes, sorted.</param>
public sealed record EscalationBatch(string MessageId, string WarningId, int Step, TimeSpan Window, DateTimeOffset DueAt, IReadOnlyList<string> Enterprises)
{
    /// <summary>The id of the first step's check number <paramref name="number"/> of a warning.</summary>
    public static string FirstMessageId(string warningId, int number) =>
        string.Create(CultureInfo.InvariantCulture, $"{warningId}:escalation:{number}");

    /// <summary>The same check, for the enterprises whose quiet hours hold it until <paramref name="until"/>.</summary>
    public EscalationBatch WaitUntil(DateTimeOffset until, IReadOnlyList<string> enterprises) =>
        this with { MessageId = string.Create(CultureInfo.InvariantCulture, $"{MessageId}:q{until.UtcDateTime:yyyyMMddHHmm}"), DueAt = until, Enterprises = enterprises };

    /// <summary>The check of the following step, one window after <paramref name="now"/>.</summary>
    public EscalationBatch Next(DateTimeOffset now, IReadOnlyList<string> enterprises) =>
        this with { MessageId = MessageId + ":next", Step = Step + 1, DueAt = now + Window, Enterprises = enterprises };
}

/// <summary>Schedules escalation checks (Service Bus scheduled messages on the <c>warnings</c> queue).</summary>
public interface IEscalationScheduler
{
    /// <summary>
    /// Schedules the check for <see cref="EscalationBatch.DueAt"/>; it is dropped when the warning
    /// expires first. A second schedule of the same <see cref="EscalationBatch.MessageId"/> is dropped.
    /// </summary>
    Task ScheduleAsync(EscalationBatch batch, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);
}

namespace RiskAlerts.Core.Deliveries;

/// <summary>
/// The one place that knows how a delivery may move:
/// Planned → Sent → Delivered | Undelivered;
/// Planned → Failed | Suppressed | Expired | Unknown;
/// Planned → Planned on a transient failure (attempts + 1);
/// Sent, Unknown or Failed → Delivered | Undelivered by a receipt (a receipt always wins: the
/// provider saw the message reach the phone, whatever the sender could tell);
/// Unknown → Failed("outcome unknown") when no receipt came within the window;
/// Failed("retries exhausted") → Planned when an operator replays the dead-lettered batch.
/// (Sending is what an earlier version wrote while claiming row by row: it moves like Planned.)
/// Every other move is refused, so a late or repeated event (a duplicate message, a second
/// receipt) can never pull a settled delivery back.
/// </summary>
public static class DeliveryStateMachine
{
    /// <summary>The reason of rows whose transient failures ran out of attempts (followed by the last failure).</summary>
    public const string RetriesExhaustedReason = "retries exhausted";

    /// <summary>The status can change no more (a Failed or Unknown row may still be settled by a receipt).</summary>
    public static bool IsTerminal(DeliveryStatus status) =>
        status is DeliveryStatus.Delivered or DeliveryStatus.Undelivered or DeliveryStatus.Suppressed or DeliveryStatus.Expired;

    /// <summary>The sender has yet to act on the row.</summary>
    public static bool IsPending(DeliveryStatus status) => status is DeliveryStatus.Planned or DeliveryStatus.Sending;

    /// <summary>The sender's part is over: the provider took the message or it will never be sent.</summary>
    public static bool IsSettled(DeliveryStatus status) => status is not (DeliveryStatus.Planned or DeliveryStatus.Sending);

    /// <summary>Whether <paramref name="from"/> may move to <paramref name="to"/>.</summary>
    public static bool CanMove(DeliveryStatus from, DeliveryStatus to) => (from, to) switch
    {
        (DeliveryStatus.Planned or DeliveryStatus.Sending, DeliveryStatus.Sent or DeliveryStatus.Planned) => true,
        (DeliveryStatus.Planned or DeliveryStatus.Sending, DeliveryStatus.Failed or DeliveryStatus.Suppressed or DeliveryStatus.Expired or DeliveryStatus.Unknown) => true,
        (DeliveryStatus.Sent or DeliveryStatus.Unknown or DeliveryStatus.Failed, DeliveryStatus.Delivered or DeliveryStatus.Undelivered) => true,
        (DeliveryStatus.Unknown, DeliveryStatus.Failed or DeliveryStatus.Sent or DeliveryStatus.Planned) => true,
        _ => false,
    };

    /// <summary>The reason of an unknown outcome that no receipt settled in time.</summary>
    public const string OutcomeUnknownReason = "outcome unknown: no receipt came";

    /// <summary>Unknown → Failed: no receipt settled it within the window; a later receipt still may.</summary>
    public static DeliveryRecord GiveUpUnknown(DeliveryRecord record, DateTimeOffset at) => Move(record, DeliveryStatus.Failed, at, OutcomeUnknownReason);

    /// <summary>The reason of an unknown outcome that the provider's send records show never reached it.</summary>
    public const string NotInSendRecordsReason = "not in the provider's send records: sent again";

    /// <summary>Unknown → Sent: the provider's send records show it took the message; its receipt settles it.</summary>
    public static DeliveryRecord SentPerRecords(DeliveryRecord record, DateTimeOffset at, string provider) =>
        Move(record, DeliveryStatus.Sent, at) with { Provider = provider, SentAt = record.StatusAt, Reason = string.Empty };

    /// <summary>
    /// Unknown → Planned with one more attempt: the provider's send records show the request never
    /// reached it, so sending again cannot make a second message.
    /// </summary>
    public static DeliveryRecord NotInSendRecords(DeliveryRecord record, DateTimeOffset at) =>
        Move(record, DeliveryStatus.Planned, at, NotInSendRecordsReason) with { Attempts = record.Attempts + 1 };

    /// <summary>Whether a receipt may settle a row in <paramref name="status"/>.</summary>
    public static bool TakesReceipt(DeliveryStatus status) => status is DeliveryStatus.Sent or DeliveryStatus.Unknown or DeliveryStatus.Failed;

    /// <summary>Planned → Unknown: the request was in flight at a provider that cannot be asked twice when its sender stopped.</summary>
    public static DeliveryRecord Unknown(DeliveryRecord record, DateTimeOffset at, string reason) => Move(record, DeliveryStatus.Unknown, at, reason);

    /// <summary>Planned → Sent: the provider accepted it.</summary>
    public static DeliveryRecord Sent(DeliveryRecord record, DateTimeOffset at, string provider, string providerMessageId) =>
        Move(record, DeliveryStatus.Sent, at) with { Provider = provider, ProviderMessageId = providerMessageId, SentAt = at, Reason = null };

    /// <summary>Planned → Planned with one more attempt: a transient failure, to be retried.</summary>
    public static DeliveryRecord Retry(DeliveryRecord record, DateTimeOffset at, string reason) =>
        Move(record, DeliveryStatus.Planned, at, reason) with { Attempts = record.Attempts + 1 };

    /// <summary>Planned or Sending → Failed: never retried.</summary>
    public static DeliveryRecord Fail(DeliveryRecord record, DateTimeOffset at, string reason) => Move(record, DeliveryStatus.Failed, at, reason);

    /// <summary>Planned → Failed("retries exhausted: ..."), counting the last attempt: the only failure a replay may reopen.</summary>
    public static DeliveryRecord Exhaust(DeliveryRecord record, DateTimeOffset at, string? lastReason) =>
        Fail(record, at, $"{RetriesExhaustedReason}: {lastReason}") with { Attempts = record.Attempts + 1 };

    /// <summary>Planned or Sending → Suppressed (opt-out, cap).</summary>
    public static DeliveryRecord Suppress(DeliveryRecord record, DateTimeOffset at, string reason) => Move(record, DeliveryStatus.Suppressed, at, reason);

    /// <summary>Planned or Sending → Expired: the warning closed first.</summary>
    public static DeliveryRecord Expire(DeliveryRecord record, DateTimeOffset at, string reason) => Move(record, DeliveryStatus.Expired, at, reason);

    /// <summary>Sent, Unknown or Failed → Delivered or Undelivered, from a provider's receipt.</summary>
    public static DeliveryRecord Receipt(DeliveryRecord record, bool delivered, DateTimeOffset at, string? code) =>
        Move(record, delivered ? DeliveryStatus.Delivered : DeliveryStatus.Undelivered, at, delivered ? string.Empty : code) with { SentAt = record.SentAt ?? at };

    /// <summary>
    /// Whether an operator's replay may send the delivery again: only when every attempt failed
    /// transiently. A provider's refusal stays final, and an interrupted attempt may have reached
    /// the phone, so neither is reopened.
    /// </summary>
    public static bool CanReopen(DeliveryRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Status == DeliveryStatus.Failed && record.Reason?.StartsWith(RetriesExhaustedReason, StringComparison.Ordinal) == true;
    }

    /// <summary>
    /// Failed("retries exhausted") → Planned: an operator replayed the batch. The failed attempts stay
    /// counted on the row; the replayed batch brings its own retry budget.
    /// </summary>
    /// <exception cref="InvalidDeliveryTransitionException">The delivery did not fail by running out of retries.</exception>
    public static DeliveryRecord Reopen(DeliveryRecord record, DateTimeOffset at)
    {
        if (!CanReopen(record))
        {
            throw new InvalidDeliveryTransitionException(record.Status, DeliveryStatus.Planned);
        }

        return record with { Status = DeliveryStatus.Planned, StatusAt = at, Reason = $"replayed after: {record.Reason}" };
    }

    /// <summary>Applies a move, refusing one the machine does not allow.</summary>
    /// <exception cref="InvalidDeliveryTransitionException">The move is not allowed.</exception>
    public static DeliveryRecord Move(DeliveryRecord record, DeliveryStatus to, DateTimeOffset at, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!CanMove(record.Status, to))
        {
            throw new InvalidDeliveryTransitionException(record.Status, to);
        }

        // An empty reason clears the one the row had (a receipt that settles a failed row).
        return record with { Status = to, StatusAt = at, Reason = reason is null ? record.Reason : reason.Length == 0 ? null : reason };
    }
}

/// <summary>A delivery was asked to make a move the state machine does not allow (a bug, not an input error).</summary>
public sealed class InvalidDeliveryTransitionException : InvalidOperationException
{
    /// <summary>Creates the exception for the refused move.</summary>
    public InvalidDeliveryTransitionException(DeliveryStatus from, DeliveryStatus to)
        : base($"A delivery cannot move from {from} to {to}.")
    {
        From = from;
        To = to;
    }

    /// <summary>Creates the exception.</summary>
    public InvalidDeliveryTransitionException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public InvalidDeliveryTransitionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public InvalidDeliveryTransitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The status the delivery had.</summary>
    public DeliveryStatus From { get; }

    /// <summary>The status asked for.</summary>
    public DeliveryStatus To { get; }
}

namespace RiskAlerts.Core.Deliveries;

/// <summary>
/// The one place that knows how a delivery may move:
/// Planned → Sending → Sent → Delivered | Undelivered;
/// Planned or Sending → Failed | Suppressed | Expired;
/// Sending → Planned on a transient failure (attempts + 1);
/// Failed("retries exhausted") → Planned when an operator replays the dead-lettered batch.
/// Every other move is refused, so a late or repeated event (a duplicate message, a second
/// receipt) can never pull a settled delivery back.
/// </summary>
public static class DeliveryStateMachine
{
    /// <summary>The reason of rows whose transient failures ran out of attempts (followed by the last failure).</summary>
    public const string RetriesExhaustedReason = "retries exhausted";

    /// <summary>The status can change no more.</summary>
    public static bool IsTerminal(DeliveryStatus status) =>
        status is DeliveryStatus.Delivered or DeliveryStatus.Undelivered or DeliveryStatus.Failed or DeliveryStatus.Suppressed or DeliveryStatus.Expired;

    /// <summary>The sender's part is over: the provider took the message or it will never be sent.</summary>
    public static bool IsSettled(DeliveryStatus status) => status is not (DeliveryStatus.Planned or DeliveryStatus.Sending);

    /// <summary>Whether <paramref name="from"/> may move to <paramref name="to"/>.</summary>
    public static bool CanMove(DeliveryStatus from, DeliveryStatus to) => (from, to) switch
    {
        (DeliveryStatus.Planned, DeliveryStatus.Sending) => true,
        (DeliveryStatus.Sending, DeliveryStatus.Sent) => true,
        (DeliveryStatus.Sending, DeliveryStatus.Planned) => true,
        (DeliveryStatus.Sent, DeliveryStatus.Delivered or DeliveryStatus.Undelivered) => true,
        (DeliveryStatus.Planned or DeliveryStatus.Sending, DeliveryStatus.Failed or DeliveryStatus.Suppressed or DeliveryStatus.Expired) => true,
        _ => false,
    };

    /// <summary>Planned → Sending: a sender claims the delivery.</summary>
    public static DeliveryRecord Claim(DeliveryRecord record, DateTimeOffset at) => Move(record, DeliveryStatus.Sending, at);

    /// <summary>Sending → Sent: the provider accepted it.</summary>
    public static DeliveryRecord Sent(DeliveryRecord record, DateTimeOffset at, string provider, string providerMessageId) =>
        Move(record, DeliveryStatus.Sent, at) with { Provider = provider, ProviderMessageId = providerMessageId, SentAt = at, Reason = null };

    /// <summary>Sending → Planned with one more attempt: a transient failure, to be retried.</summary>
    public static DeliveryRecord Retry(DeliveryRecord record, DateTimeOffset at, string reason) =>
        Move(record, DeliveryStatus.Planned, at, reason) with { Attempts = record.Attempts + 1 };

    /// <summary>Planned or Sending → Failed: never retried.</summary>
    public static DeliveryRecord Fail(DeliveryRecord record, DateTimeOffset at, string reason) => Move(record, DeliveryStatus.Failed, at, reason);

    /// <summary>Sending → Failed("retries exhausted: ..."), counting the last attempt: the only failure a replay may reopen.</summary>
    public static DeliveryRecord Exhaust(DeliveryRecord record, DateTimeOffset at, string? lastReason) =>
        Fail(record, at, $"{RetriesExhaustedReason}: {lastReason}") with { Attempts = record.Attempts + 1 };

    /// <summary>Planned or Sending → Suppressed (opt-out, cap).</summary>
    public static DeliveryRecord Suppress(DeliveryRecord record, DateTimeOffset at, string reason) => Move(record, DeliveryStatus.Suppressed, at, reason);

    /// <summary>Planned or Sending → Expired: the warning closed first.</summary>
    public static DeliveryRecord Expire(DeliveryRecord record, DateTimeOffset at, string reason) => Move(record, DeliveryStatus.Expired, at, reason);

    /// <summary>Sent → Delivered or Undelivered, from a provider's receipt.</summary>
    public static DeliveryRecord Receipt(DeliveryRecord record, bool delivered, DateTimeOffset at, string? code) =>
        Move(record, delivered ? DeliveryStatus.Delivered : DeliveryStatus.Undelivered, at, delivered ? null : code);

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

        return record with { Status = to, StatusAt = at, Reason = reason ?? record.Reason };
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

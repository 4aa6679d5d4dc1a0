using RiskAlerts.Core.Alerts;

namespace RiskAlerts.Core.Deliveries;

/// <summary>The <c>deliveries</c> topic: one message per batch of up to 100 recipients of one warning on one channel.</summary>
public interface IDeliveryBatchPublisher
{
    /// <summary>
    /// Publishes the batch. The message lives until <paramref name="expiresAt"/> (an expired warning
    /// is not delivered), and is enqueued at <paramref name="notBefore"/> when set (quiet hours, retry
    /// backoff). <see cref="DeliveryBatch.MessageId"/> is the message id, so a second publish of the
    /// same batch is dropped by duplicate detection.
    /// </summary>
    Task PublishAsync(DeliveryBatch batch, DateTimeOffset expiresAt, DateTimeOffset? notBefore, CancellationToken cancellationToken = default);
}

/// <summary>A batch of recipients of one warning on one channel, all in one partition.</summary>
/// <param name="MessageId">The message id (deterministic: see <see cref="Plan.PlannedChunk.MessageId"/>; retries add <c>:r{attempt}</c>, waits for a provider add <c>:w{wait}</c>).</param>
/// <param name="WarningId">The warning.</param>
/// <param name="Channel">The channel.</param>
/// <param name="PartitionKey">The partition holding every recipient's row.</param>
/// <param name="Attempt">1 for the planned batch, one more for each retry of its failed recipients.</param>
/// <param name="Recipients">The recipients, sorted by row key.</param>
public sealed record DeliveryBatch(string MessageId, string WarningId, Channel Channel, string PartitionKey, int Attempt, IReadOnlyList<DeliveryBatchRecipient> Recipients)
{
    /// <summary>
    /// An operator re-published this batch from the dead-letter queue: recipients whose retries ran
    /// out are sent again (see <see cref="DeliveryStateMachine.Reopen"/>).
    /// </summary>
    public bool IsOperatorReplay { get; init; }

    /// <summary>
    /// The batch may have been worked on before (a redelivered message, a planner run again after
    /// a crash, an operator's replay): the sender reads its rows first and acts only on what is
    /// still pending. A first delivery of a fresh batch needs no read: the message carries all.
    /// </summary>
    public bool Verify { get; init; }

    /// <summary>
    /// A check, not a send: recipients of the batch still <see cref="DeliveryStatus.Unknown"/> when it
    /// arrives had no receipt within <see cref="DeliveryOptions.UnknownOutcomeWindow"/> and become
    /// <c>Failed("outcome unknown")</c>; a later receipt still settles them.
    /// </summary>
    public bool SettleUnknown { get; init; }

    /// <summary>The recipients were sent an earlier version: the text corrects or calls it off (see <see cref="DeliveryRecord.FollowsEarlier"/>).</summary>
    public bool FollowsEarlier { get; init; }

    /// <summary>How many times the batch waited for a provider to become available (not attempts).</summary>
    public int Waits { get; init; }

    /// <summary>The message id the batch was planned under, without the retry and wait suffixes.</summary>
    public string OriginalMessageId
    {
        get
        {
            var marker = MessageId.IndexOf(":r", StringComparison.Ordinal);
            while (marker > 0)
            {
                var rest = MessageId[(marker + 2)..];
                if (rest.Length > 0 && char.IsAsciiDigit(rest[0]) && rest.All(c => char.IsAsciiDigit(c) || c is ':' or 'w'))
                {
                    return MessageId[..marker];
                }

                marker = MessageId.IndexOf(":r", marker + 2, StringComparison.Ordinal);
            }

            return MessageId;
        }
    }

    /// <summary>The smallest row key of the batch.</summary>
    public string FirstRowKey => Recipients.Select(r => r.RowKey).Min(StringComparer.Ordinal)!;

    /// <summary>The largest row key of the batch.</summary>
    public string LastRowKey => Recipients.Select(r => r.RowKey).Max(StringComparer.Ordinal)!;

    /// <summary>The message id of the retry that follows this attempt: <c>{original}:r{attempt}</c>.</summary>
    public string RetryMessageId(int nextAttempt) =>
        $"{OriginalMessageId}:r{nextAttempt.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The message id of the check that settles the batch's unknown outcomes: <c>{original}:r{attempt}:u</c>.</summary>
    public string SettleMessageId() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{OriginalMessageId}:r{Attempt}:u");

    /// <summary>The message id of the batch that sends again what the settle check found never reached the provider: <c>{original}:r{attempt}:u:s</c>.</summary>
    public string ResendMessageId() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{OriginalMessageId}:r{Attempt}:u:s");

    /// <summary>The message id of the copy that waits for a provider: <c>{original}:r{attempt}:w{wait}</c>, the attempt unchanged.</summary>
    public string WaitMessageId(int nextWait) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{OriginalMessageId}:r{Attempt}:w{nextWait}");
}

/// <summary>One recipient of a batch: its row and where to send.</summary>
/// <param name="RowKey">The row key (the partition is the batch's).</param>
/// <param name="Address">E.164 number or email address. Personal data: never logged unmasked.</param>
public sealed record DeliveryBatchRecipient(string RowKey, string Address);

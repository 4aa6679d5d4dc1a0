using RiskAlerts.Core.Alerts;

namespace RiskAlerts.Core.Deliveries;

/// <summary>
/// One recipient of one warning on one channel: a row of the <c>Deliveries</c> table
/// (keys from <see cref="DeliveryKeys"/>). The row is the record of what happened to that recipient.
/// </summary>
public sealed record DeliveryRecord
{
    /// <summary><c>{warningId}_{shard:D2}</c>.</summary>
    public required string PartitionKey { get; init; }

    /// <summary><c>{channel}_{uscc}_{contactId}</c>.</summary>
    public required string RowKey { get; init; }

    /// <summary>The warning.</summary>
    public required string WarningId { get; init; }

    /// <summary>The channel.</summary>
    public required Channel Channel { get; init; }

    /// <summary>The enterprise's credit code.</summary>
    public required string Uscc { get; init; }

    /// <summary>The contact within the enterprise.</summary>
    public required string ContactId { get; init; }

    /// <summary>E.164 number or email address. Personal data: never logged unmasked.</summary>
    public required string Address { get; init; }

    /// <summary>
    /// The enterprise's name when the row was planned. Carried on the row (a few dozen bytes, written
    /// in the same transaction anyway) so that a page of rows reads with its names and no look-up
    /// per enterprise; it is the name the warning was sent under, even if it changes later.
    /// </summary>
    public string? EnterpriseName { get; init; }

    /// <summary>The enterprise's registered county (6 digits), for summaries by prefecture.</summary>
    public string? County { get; init; }

    /// <summary>The planned batch the row belongs to: <c>{channel}:{chunk}</c>.</summary>
    public string? Batch { get; init; }

    /// <summary>Where the delivery stands.</summary>
    public required DeliveryStatus Status { get; init; }

    /// <summary>When the status was last set.</summary>
    public required DateTimeOffset StatusAt { get; init; }

    /// <summary>Transient failures so far.</summary>
    public int Attempts { get; init; }

    /// <summary>
    /// Which escalation step planned the row (1 for the first escalation to the next contacts, 2 for
    /// the rest); null for a first delivery.
    /// </summary>
    public int? Escalation { get; init; }

    /// <summary>
    /// The recipient was sent an earlier version of the warning, which this one (an Update or
    /// Cancel) corrects or calls off: its text says so instead of warning afresh.
    /// </summary>
    public bool FollowsEarlier { get; init; }

    /// <summary>Held back by quiet hours until then; null when sent at once.</summary>
    public DateTimeOffset? DeferUntil { get; init; }

    /// <summary>The provider that took the message.</summary>
    public string? Provider { get; init; }

    /// <summary>The provider's id for the message (matches receipts).</summary>
    public string? ProviderMessageId { get; init; }

    /// <summary>Why the row failed, was suppressed or expired, or the last transient failure.</summary>
    public string? Reason { get; init; }

    /// <summary>When the provider accepted the message.</summary>
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>The store's concurrency token of the row as read; null for a row not yet written.</summary>
    public string? ETag { get; init; }
}

using System.Globalization;

namespace RiskAlerts.Core.Deliveries.Receipts;

/// <summary>
/// The keys of the index from a provider's message id to its delivery row, for providers whose
/// receipts carry no reference of ours (Tencent's status callback has only <c>sid</c> and the number).
/// One partition per UTC day of the send and shard of the number, <c>smsid_{yyyyMMdd}_{shard:D2}</c>:
/// every number of an SMS batch has the batch's shard, so a batch's entries are one transaction, and a
/// day's partitions can be dropped whole once no receipt can come for them. The entries hold keys only,
/// never the number, so erasing or pseudonymising a delivery leaves nothing personal behind here.
/// </summary>
public static class SmsMessageIndexKeys
{
    private const string Prefix = "smsid_";

    /// <summary>The partition of the entries of messages sent on <paramref name="sendDay"/> (UTC) to numbers of <paramref name="shard"/>.</summary>
    public static string PartitionKey(DateOnly sendDay, int shard) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{sendDay:yyyyMMdd}_{shard:D2}");

    /// <summary>The UTC day of a send.</summary>
    public static DateOnly SendDayOf(DateTimeOffset sentAt) => DateOnly.FromDateTime(sentAt.UtcDateTime);

    /// <summary>The row of a provider's message id (Table keys refuse some characters).</summary>
    public static string RowKey(string providerMessageId) => DeliveryKeys.Sanitise(providerMessageId);

    /// <summary>
    /// The UTC days, most likely first, on which a message whose receipt says it arrived at
    /// <paramref name="reportedAt"/> may have been sent: the day the arrival falls in, then the day
    /// before (a send just before UTC midnight, or a phone that was off). A receipt without a usable
    /// time (<see cref="DateTimeOffset.MinValue"/>) is looked for around <paramref name="now"/>.
    /// </summary>
    public static IReadOnlyList<DateOnly> CandidateSendDays(DateTimeOffset reportedAt, DateTimeOffset now)
    {
        var at = reportedAt == DateTimeOffset.MinValue ? now : reportedAt;
        var day = SendDayOf(at);
        return [day, day.AddDays(-1)];
    }
}

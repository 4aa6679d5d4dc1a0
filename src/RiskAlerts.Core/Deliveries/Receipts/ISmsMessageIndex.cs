namespace RiskAlerts.Core.Deliveries.Receipts;

/// <summary>A message a provider accepted, and the delivery row it was sent for.</summary>
/// <param name="ProviderMessageId">The provider's id for the message (Tencent's <c>SerialNo</c>, its receipts' <c>sid</c>).</param>
/// <param name="PartitionKey">The delivery row's partition.</param>
/// <param name="RowKey">The delivery row's key.</param>
public sealed record SmsMessageIndexEntry(string ProviderMessageId, string PartitionKey, string RowKey);

/// <summary>
/// The index from a provider's message id to its delivery row, kept for providers whose receipts name
/// no batch of ours (see <see cref="SmsMessageIndexKeys"/>): one transaction per batch when it is sent,
/// one point read per receipt.
/// </summary>
public interface ISmsMessageIndex
{
    /// <summary>Records a batch's accepted messages (all to numbers of <paramref name="shard"/>); recording them again changes nothing.</summary>
    Task RecordAsync(DateOnly sendDay, int shard, IReadOnlyList<SmsMessageIndexEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>The entry of a message sent on one of <paramref name="sendDays"/> to a number of <paramref name="shard"/>, or null.</summary>
    Task<SmsMessageIndexEntry?> FindAsync(int shard, IReadOnlyList<DateOnly> sendDays, string providerMessageId, CancellationToken cancellationToken = default);
}

namespace RiskAlerts.Core.Deliveries.Receipts;

/// <summary>
/// The correlation reference a sender hands the SMS provider with each batch and the provider
/// echoes in its receipts (generic gateway: callback query <c>ref</c>; Aliyun <c>OutId</c>): the batch's
/// partition key and row-key range, <c>{pk}|{first}|{last}</c>, so a receipt finds its rows with one
/// range query instead of a table scan by message id. Tencent takes it as <c>SessionContext</c> but its
/// status callback does not return it; its receipts go through <see cref="ISmsMessageIndex"/>.
/// </summary>
/// <param name="PartitionKey">The batch's partition.</param>
/// <param name="FirstRowKey">The batch's smallest row key.</param>
/// <param name="LastRowKey">The batch's largest row key.</param>
public sealed record ReceiptReference(string PartitionKey, string FirstRowKey, string LastRowKey)
{
    private const char Separator = '|';

    /// <summary>The reference of a batch.</summary>
    public static ReceiptReference For(DeliveryBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return new ReceiptReference(batch.PartitionKey, batch.FirstRowKey, batch.LastRowKey);
    }

    /// <summary>Parses a reference; false for anything a sender did not write.</summary>
    public static bool TryParse(string? text, out ReceiptReference reference)
    {
        reference = null!;
        var parts = text?.Split(Separator);
        if (parts is not { Length: 3 } || parts.Any(string.IsNullOrEmpty) || DeliveryKeys.WarningIdOf(parts[0]) is null
            || string.CompareOrdinal(parts[1], parts[2]) > 0)
        {
            return false;
        }

        reference = new ReceiptReference(parts[0], parts[1], parts[2]);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(Separator, PartitionKey, FirstRowKey, LastRowKey);
}

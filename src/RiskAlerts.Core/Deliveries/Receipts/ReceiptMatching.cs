namespace RiskAlerts.Core.Deliveries.Receipts;

/// <summary>What one receipt did.</summary>
public enum ReceiptVerdict
{
    /// <summary>It moved its row to Delivered or Undelivered.</summary>
    Applied,

    /// <summary>Its row was settled already (a repeated receipt).</summary>
    Unchanged,

    /// <summary>No row of its referenced batch has its message id or number.</summary>
    Unmatched,

    /// <summary>Its row's send outcome is not written yet; the provider should send it again.</summary>
    Early,
}

/// <summary>A receipt and the row-key range of the batch its callback referenced.</summary>
/// <param name="Range">The reference; only rows inside it may take the receipt.</param>
/// <param name="Receipt">The receipt.</param>
public sealed record ReferencedSmsReceipt(ReceiptReference Range, SmsReceipt Receipt);

/// <summary>The rows a group of receipts changed and what each receipt did, in the receipts' order.</summary>
/// <param name="Changed">The changed rows, at most one per receipt, each still carrying the ETag it was read with.</param>
/// <param name="Verdicts">One per receipt.</param>
public sealed record ReceiptMatch(IReadOnlyList<DeliveryRecord> Changed, IReadOnlyList<ReceiptVerdict> Verdicts);

/// <summary>
/// Applies receipts to the rows read for them. The message id is exact; the number alone serves
/// providers that report only the number (the same number twice is then told apart by which row is
/// still Sent). A receipt always wins over the sender: it settles a row recorded Unknown or Failed.
/// </summary>
public static class ReceiptMatching
{
    /// <summary>Matches <paramref name="receipts"/> against <paramref name="rows"/> (one partition) at <paramref name="now"/>.</summary>
    public static ReceiptMatch Apply(IReadOnlyList<DeliveryRecord> rows, IReadOnlyList<ReferencedSmsReceipt> receipts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(receipts);
        var byMessageId = rows.Where(r => r.ProviderMessageId is { Length: > 0 })
            .GroupBy(r => r.ProviderMessageId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var byPhone = rows.GroupBy(r => r.Address, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        var changed = new Dictionary<string, DeliveryRecord>(StringComparer.Ordinal);
        var verdicts = new ReceiptVerdict[receipts.Count];
        for (var i = 0; i < receipts.Count; i++)
        {
            var (range, receipt) = receipts[i];
            // The rows were read for several callbacks at once: a receipt may only settle a row of the batch its own callback named.
            var candidates = (byMessageId.TryGetValue(receipt.ProviderMessageId, out var exact)
                    ? exact.Where(r => r.Address == receipt.Phone)
                    : byPhone.GetValueOrDefault(receipt.Phone) ?? [])
                .Where(r => r.PartitionKey == range.PartitionKey
                    && string.CompareOrdinal(r.RowKey, range.FirstRowKey) >= 0
                    && string.CompareOrdinal(r.RowKey, range.LastRowKey) <= 0)
                .Select(r => changed.GetValueOrDefault(r.RowKey) ?? r)
                .ToList();
            if (candidates.Count == 0)
            {
                verdicts[i] = ReceiptVerdict.Unmatched;
                continue;
            }

            var target = candidates.FirstOrDefault(r => r.Status == DeliveryStatus.Sent) ?? candidates.FirstOrDefault(r => DeliveryStateMachine.TakesReceipt(r.Status));
            if (target is not null)
            {
                changed[target.RowKey] = DeliveryStateMachine.Receipt(target, receipt.Delivered, now, receipt.Code);
                verdicts[i] = ReceiptVerdict.Applied;
            }
            else
            {
                verdicts[i] = candidates.Any(r => DeliveryStateMachine.IsPending(r.Status)) ? ReceiptVerdict.Early : ReceiptVerdict.Unchanged;
            }
        }

        return new ReceiptMatch([.. changed.Values], verdicts);
    }
}

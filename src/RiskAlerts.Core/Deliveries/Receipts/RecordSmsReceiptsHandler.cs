using Microsoft.Extensions.Logging;
using RiskAlerts.Core.Enterprises;

namespace RiskAlerts.Core.Deliveries.Receipts;

/// <summary>One delivery receipt as a provider reports it.</summary>
/// <param name="ProviderMessageId">The provider's message id (what the send answered).</param>
/// <param name="Phone">The number, E.164.</param>
/// <param name="Delivered">True for delivered, false for undelivered.</param>
/// <param name="Code">The carrier's code (<c>DELIVRD</c>, or why not).</param>
/// <param name="ReportedAt">When the carrier reported it.</param>
public sealed record SmsReceipt(string ProviderMessageId, string Phone, bool Delivered, string? Code, DateTimeOffset ReportedAt);

/// <summary>What became of a callback's receipts.</summary>
/// <param name="Applied">Rows moved Sent → Delivered or Undelivered.</param>
/// <param name="Unchanged">Receipts for rows already settled by an earlier receipt (duplicates).</param>
/// <param name="Unmatched">Receipts that named no delivery; recorded for operators.</param>
/// <param name="Early">Receipts for rows whose send outcome is not yet written; the provider should send them again.</param>
public sealed record ReceiptOutcome(int Applied, int Unchanged, int Unmatched, int Early);

/// <summary>
/// Applies SMS delivery receipts: finds the rows through the callback's <see cref="ReceiptReference"/>
/// and the message id or phone, and moves Sent rows to Delivered or Undelivered; a receipt also settles
/// a row recorded Unknown or Failed, since the provider saw what the sender could not. The receipts go
/// through <see cref="SmsReceiptCommitter"/>, which writes those of many callbacks to one partition in
/// one range read and one transaction. Idempotent: a settled row is left as it is, so a repeated
/// receipt changes nothing. A receipt that names no delivery is recorded, not refused: the provider
/// cannot fix it.
/// </summary>
/// <remarks>
/// Receipts without a reference (Tencent's status callback names only its message id and the number)
/// find their row through <see cref="ISmsMessageIndex"/>: the number gives the shard, the receipt's
/// time the send day, and one point read the row.
/// </remarks>
public sealed class RecordSmsReceiptsHandler(SmsReceiptCommitter committer, IDeliveryStore deliveries, ISmsMessageIndex messageIndex, TimeProvider timeProvider, ILogger<RecordSmsReceiptsHandler> logger)
{
    /// <summary>Applies the receipts of one callback; completes once they are written.</summary>
    /// <param name="provider">The provider's configured name.</param>
    /// <param name="reference">The correlation reference the callback carried, if any.</param>
    /// <param name="receipts">The receipts.</param>
    /// <param name="cancellationToken">Stops the wait (the receipts are written for the other callbacks of their group all the same).</param>
    public async Task<ReceiptOutcome> HandleAsync(string provider, string? reference, IReadOnlyList<SmsReceipt> receipts, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentNullException.ThrowIfNull(receipts);
        if (receipts.Count == 0)
        {
            return new ReceiptOutcome(0, 0, 0, 0);
        }

        if (ReceiptReference.TryParse(reference, out var range))
        {
            return await committer.SubmitAsync(provider, range, receipts, cancellationToken);
        }

        if (!string.IsNullOrEmpty(reference))
        {
            await RecordUnmatchedAsync(provider, reference, receipts, "no usable reference", cancellationToken);
            return new ReceiptOutcome(0, 0, receipts.Count, 0);
        }

        return await SubmitIndexedAsync(provider, receipts, cancellationToken);
    }

    private async Task<ReceiptOutcome> SubmitIndexedAsync(string provider, IReadOnlyList<SmsReceipt> receipts, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var located = await Task.WhenAll(receipts.Select(async receipt => (
            Receipt: receipt,
            Entry: string.IsNullOrEmpty(receipt.ProviderMessageId) || string.IsNullOrEmpty(receipt.Phone)
                ? null
                : await messageIndex.FindAsync(DeliveryKeys.ShardOf(receipt.Phone), SmsMessageIndexKeys.CandidateSendDays(receipt.ReportedAt, now), receipt.ProviderMessageId, cancellationToken))));

        var missing = located.Where(l => l.Entry is null).Select(l => l.Receipt).ToList();
        if (missing.Count > 0)
        {
            await RecordUnmatchedAsync(provider, null, missing, "no reference, and no message sent with that id", cancellationToken);
        }

        // Submitted together, so that the committer gathers those of one partition into one write.
        var outcomes = await Task.WhenAll(located.Where(l => l.Entry is not null).Select(l =>
            committer.SubmitAsync(provider, new ReceiptReference(l.Entry!.PartitionKey, l.Entry.RowKey, l.Entry.RowKey), [l.Receipt], cancellationToken)));
        return new ReceiptOutcome(
            outcomes.Sum(o => o.Applied),
            outcomes.Sum(o => o.Unchanged),
            missing.Count + outcomes.Sum(o => o.Unmatched),
            outcomes.Sum(o => o.Early));
    }

    private async Task RecordUnmatchedAsync(string provider, string? reference, IEnumerable<SmsReceipt> receipts, string why, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        foreach (var receipt in receipts)
        {
            logger.LogWarning("Receipt {ProviderMessageId} from {Provider} for {Phone} matched no delivery: {Why}", receipt.ProviderMessageId, provider, PersonalDataMask.MaskPhone(receipt.Phone), why);
            await deliveries.RecordUnmatchedReceiptAsync(
                new UnmatchedReceipt(provider, receipt.ProviderMessageId, PersonalDataMask.MaskPhone(receipt.Phone), receipt.Delivered ? "delivered" : "undelivered", receipt.Code, reference, why, now),
                cancellationToken);
        }
    }
}

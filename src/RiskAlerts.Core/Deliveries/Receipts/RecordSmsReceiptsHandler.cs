using Microsoft.Extensions.Logging;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Telemetry;

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
/// Applies SMS delivery receipts: finds the rows through the batch's <see cref="ReceiptReference"/>
/// (one range query) and the message id or phone, and moves Sent rows to Delivered or Undelivered in
/// one transaction per 100; a receipt also settles a row recorded Unknown or Failed, since the provider
/// saw what the sender could not. Idempotent: a settled row is left as it is, so a repeated receipt changes
/// nothing. A receipt that names no delivery is recorded, not refused: the provider cannot fix it.
/// </summary>
public sealed class RecordSmsReceiptsHandler(IDeliveryStore deliveries, TimeProvider timeProvider, RiskAlertsTelemetry telemetry, ILogger<RecordSmsReceiptsHandler> logger)
{
    private const int MaxConcurrencyAttempts = 3;

    /// <summary>Applies the receipts of one callback.</summary>
    /// <param name="provider">The provider's configured name.</param>
    /// <param name="reference">The correlation reference the callback carried, if any.</param>
    /// <param name="receipts">The receipts.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<ReceiptOutcome> HandleAsync(string provider, string? reference, IReadOnlyList<SmsReceipt> receipts, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentNullException.ThrowIfNull(receipts);
        if (receipts.Count == 0)
        {
            return new ReceiptOutcome(0, 0, 0, 0);
        }

        if (!ReceiptReference.TryParse(reference, out var range))
        {
            await RecordUnmatchedAsync(provider, reference, receipts, "no usable reference", cancellationToken);
            return new ReceiptOutcome(0, 0, receipts.Count, 0);
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ApplyAsync(provider, range, receipts, cancellationToken);
            }
            catch (DeliveryConcurrencyException) when (attempt < MaxConcurrencyAttempts)
            {
                // The sender or a concurrent duplicate callback wrote one of the rows first; re-read and apply again.
            }
        }
    }

    private async Task<ReceiptOutcome> ApplyAsync(string provider, ReceiptReference range, IReadOnlyList<SmsReceipt> receipts, CancellationToken cancellationToken)
    {
        var rows = await deliveries.ReadRangeAsync(range.PartitionKey, range.FirstRowKey, range.LastRowKey, cancellationToken);
        var byMessageId = rows.Where(r => r.ProviderMessageId is { Length: > 0 })
            .GroupBy(r => r.ProviderMessageId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var byPhone = rows.GroupBy(r => r.Address, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        var now = timeProvider.GetUtcNow();
        var changed = new Dictionary<string, DeliveryRecord>(StringComparer.Ordinal);
        var unchanged = 0;
        var early = 0;
        var unmatched = new List<SmsReceipt>();
        foreach (var receipt in receipts)
        {
            // The message id is exact; the phone alone serves providers that report only the number
            // (the same number twice in one batch is then told apart by which row is still Sent).
            var candidates = byMessageId.TryGetValue(receipt.ProviderMessageId, out var exact)
                ? exact.Where(r => r.Address == receipt.Phone).ToList()
                : byPhone.GetValueOrDefault(receipt.Phone) ?? [];
            if (candidates.Count == 0)
            {
                unmatched.Add(receipt);
                continue;
            }

            var current = candidates.Select(r => changed.GetValueOrDefault(r.RowKey) ?? r).ToList();
            // A receipt always wins: it settles a row the sender could not (Unknown) or wrote off (Failed).
            var target = current.FirstOrDefault(r => r.Status == DeliveryStatus.Sent) ?? current.FirstOrDefault(r => DeliveryStateMachine.TakesReceipt(r.Status));
            if (target is not null)
            {
                changed[target.RowKey] = DeliveryStateMachine.Receipt(target, receipt.Delivered, now, receipt.Code);
            }
            else if (current.Any(r => DeliveryStateMachine.IsPending(r.Status)))
            {
                early++;
            }
            else
            {
                unchanged++;
            }
        }

        foreach (var chunk in changed.Values.Chunk(100))
        {
            await deliveries.UpdateAsync(chunk, cancellationToken);
        }

        telemetry.CountOutcomes(changed.Values);

        if (unmatched.Count > 0)
        {
            await RecordUnmatchedAsync(provider, range.ToString(), unmatched, "no delivery with this message id or number in the referenced batch", cancellationToken);
        }

        logger.LogInformation(
            "Receipts from {Provider} for {PartitionKey}: {Applied} applied, {Unchanged} unchanged, {Unmatched} unmatched, {Early} early",
            provider,
            range.PartitionKey,
            changed.Count,
            unchanged,
            unmatched.Count,
            early);
        return new ReceiptOutcome(changed.Count, unchanged, unmatched.Count, early);
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

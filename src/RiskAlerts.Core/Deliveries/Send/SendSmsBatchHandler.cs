using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Deliveries.Receipts;
using RiskAlerts.Core.Deliveries.Sms;
using RiskAlerts.Core.Registrations.OptOut;
using RiskAlerts.Core.Telemetry;
using RiskAlerts.Core.Warnings;
using RiskAlerts.Core.Warnings.Exercises;

namespace RiskAlerts.Core.Deliveries.Send;

/// <summary>
/// Sends a <c>deliveries/sms</c> batch: one text to all its numbers through <see cref="ISmsSender"/>
/// (as few provider requests as the provider allows, failover included), with the batch's
/// <see cref="ReceiptReference"/> so receipts find their rows, and the batch's planned message id
/// as the request's idempotency reference, so a repetition (a retry after a lost answer, a sender
/// that took over) sends nothing twice at a provider that deduplicates. With such providers no
/// claim is needed; with any other, the batch is claimed and a request in flight when its sender
/// stopped becomes Unknown until its receipt. Numbers over the daily cap are Suppressed("cap"), and so are numbers a provider refuses for its own
/// per-number frequency limit (Suppressed("cap: provider code")). Messages accepted by a provider
/// whose receipts carry no reference of ours are indexed by their message id (<see cref="ISmsMessageIndex"/>).
/// </summary>
public sealed class SendSmsBatchHandler(
    WarningCache warnings,
    IDeliveryStore deliveries,
    IDeliveryBatchClaims claims,
    IDeliveryBatchPublisher publisher,
    ISmsSender sms,
    ISmsDailyCounter dailyCounter,
    IOptOutLedger optOuts,
    ISmsSendRecords sendRecords,
    ISmsMessageIndex messageIndex,
    IOptions<SmsTemplateOptions> template,
    IOptions<ExerciseOptions> exercises,
    FollowUpWording followUpWording,
    IOptions<DeliveryOptions> options,
    TimeProvider timeProvider,
    RiskAlertsTelemetry telemetry,
    ILogger<SendSmsBatchHandler> logger)
    : DeliverySender(warnings, deliveries, claims, publisher, optOuts, options, timeProvider, telemetry, logger)
{
    /// <summary>Our template code for a warning SMS; providers map it to their approved template.</summary>
    public const string TemplateCode = "risk-warning";

    /// <summary>The suppression reason of a number over its daily cap.</summary>
    public const string CapReason = "cap";

    private readonly SmsTemplate _template = new(template.Value);

    /// <inheritdoc />
    protected override bool NeedsClaim => !sms.IsIdempotent;

    /// <inheritdoc />
    protected override bool ResolveInterrupted => false;

    /// <inheritdoc />
    protected override async Task<DeliveryRecord?> ResolveUnknownAsync(DeliveryRecord row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Any request of this batch that covered the row: its reference names the partition and a row range.
        bool SentFor(string outId) =>
            ReceiptReference.TryParse(outId, out var range)
            && range.PartitionKey == row.PartitionKey
            && string.CompareOrdinal(range.FirstRowKey, row.RowKey) <= 0
            && string.CompareOrdinal(row.RowKey, range.LastRowKey) <= 0;

        var record = await sendRecords.FindAsync(row.Address, row.StatusAt, SentFor, cancellationToken);
        return record?.State switch
        {
            SmsSendRecordState.Delivered => DeliveryStateMachine.Receipt(row, true, now, record.Code) with { Provider = record.Provider },
            SmsSendRecordState.Undelivered => DeliveryStateMachine.Receipt(row, false, now, record.Code) with { Provider = record.Provider },
            SmsSendRecordState.Waiting => DeliveryStateMachine.SentPerRecords(row, now, record.Provider),
            SmsSendRecordState.NotFound => DeliveryStateMachine.NotInSendRecords(row, now),
            _ => null,
        };
    }

    /// <inheritdoc />
    protected override async Task<Dictionary<string, string>> SuppressAsync(DeliveryBatch batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var suppressed = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Options.DailySmsCapPerNumber <= 0)
        {
            return suppressed;
        }

        var over = await dailyCounter.ReserveAsync(batch.WarningId, [.. batch.Recipients.Select(r => r.Address).Distinct(StringComparer.Ordinal)], ChinaStandardTime.DayOf(now), Options.DailySmsCapPerNumber, cancellationToken);
        foreach (var recipient in batch.Recipients.Where(r => over.Contains(r.Address)))
        {
            suppressed[recipient.RowKey] = CapReason;
        }

        return suppressed;
    }

    /// <inheritdoc />
    protected override async IAsyncEnumerable<IReadOnlyList<RecipientSendResult>> SendAsync(
        Warning warning,
        DeliveryBatch batch,
        IReadOnlyList<DeliveryRecord> rows,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // An exercise's prefix opens the text; those sent an earlier version read that this corrects or
        // calls it off, where the others read which centre warns them.
        // Template providers get the exercise's prefix with the headline.
        var prefix = exercises.Value.PrefixFor(warning.CapStatus);
        var content = _template.Render(warning, prefix, batch.FollowsEarlier ? followUpWording.LeadFor(warning) : null);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["issuer"] = warning.OrganisationName,
            ["headline"] = prefix + content.Headline,
            ["instruction"] = content.Instruction,
        };
        var reference = new ReceiptReference(batch.PartitionKey, rows.Select(r => r.RowKey).Min(StringComparer.Ordinal)!, rows.Select(r => r.RowKey).Max(StringComparer.Ordinal)!);
        var request = new SmsBatch(
            _template.Signature,
            TemplateCode,
            parameters,
            content.Text,
            [.. rows.Select(r => new SmsRecipient(r.RowKey, r.Address))],
            reference.ToString(),
            RequestId: batch.OriginalMessageId);
        var result = await sms.SendAsync(request, cancellationToken);

        // Before the outcomes are written, so that a receipt arriving between the two is early (asked
        // again by the provider) rather than unmatched for good.
        var unreferenced = result.Recipients
            .Where(r => r.Outcome is SmsOutcome.Accepted && !sms.ReceiptsCarryReference(r.Provider))
            .Select(r => new SmsMessageIndexEntry(((SmsOutcome.Accepted)r.Outcome).ProviderMessageId, batch.PartitionKey, r.RecipientId))
            .ToList();
        if (unreferenced.Count > 0)
        {
            await messageIndex.RecordAsync(SmsMessageIndexKeys.SendDayOf(Clock.GetUtcNow()), DeliveryKeys.ShardOf(rows[0].Address), unreferenced, cancellationToken);
        }

        yield return [.. result.Recipients.Select(r => r.Outcome switch
        {
            SmsOutcome.Accepted accepted => new RecipientSendResult(r.RecipientId, RecipientSendKind.Accepted, r.Provider, accepted.ProviderMessageId, null),
            SmsOutcome.PermanentFailure permanent => new RecipientSendResult(r.RecipientId, RecipientSendKind.PermanentFailure, r.Provider, null, $"{permanent.Code}: {permanent.Reason}"),
            SmsOutcome.FrequencyLimited limited => new RecipientSendResult(r.RecipientId, RecipientSendKind.Suppressed, r.Provider, null, $"{CapReason}: {r.Provider} {limited.Code}"),
            SmsOutcome.NotAttempted waiting => new RecipientSendResult(r.RecipientId, RecipientSendKind.NotAttempted, r.Provider, null, waiting.Reason),
            SmsOutcome.TransientFailure transient => new RecipientSendResult(r.RecipientId, RecipientSendKind.TransientFailure, r.Provider, null, transient.Reason),
            _ => new RecipientSendResult(r.RecipientId, RecipientSendKind.TransientFailure, r.Provider, null, "unknown outcome"),
        })];
    }
}

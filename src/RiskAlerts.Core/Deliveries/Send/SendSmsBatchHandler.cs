using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskAlerts.Channels.Sms;
using RiskAlerts.Channels.Sms.Content;
using RiskAlerts.Core.Deliveries.Receipts;
using RiskAlerts.Core.Subscriptions;
using RiskAlerts.Core.Telemetry;
using RiskAlerts.Core.Warnings;

namespace RiskAlerts.Core.Deliveries.Send;

/// <summary>
/// Sends a <c>deliveries/sms</c> batch: one text to all its numbers through <see cref="ISmsSender"/>
/// (as few provider requests as the provider allows, failover included), with the batch's
/// <see cref="ReceiptReference"/> so receipts find their rows. Numbers over the daily cap are
/// Suppressed("cap").
/// </summary>
public sealed class SendSmsBatchHandler(
    WarningCache warnings,
    IDeliveryStore deliveries,
    IDeliveryBatchPublisher publisher,
    ISmsSender sms,
    ISmsDailyCounter dailyCounter,
    IOptions<SmsTemplateOptions> template,
    IOptions<DeliveryOptions> options,
    TimeProvider timeProvider,
    RiskAlertsTelemetry telemetry,
    ILogger<SendSmsBatchHandler> logger)
    : DeliverySender(warnings, deliveries, publisher, options, timeProvider, telemetry, logger)
{
    /// <summary>Our template code for a warning SMS; providers map it to their approved template.</summary>
    public const string TemplateCode = "risk-warning";

    /// <summary>The suppression reason of a number over its daily cap.</summary>
    public const string CapReason = "cap";

    private readonly SmsTemplate _template = new(template.Value);

    /// <summary>The China-local day of an instant (the cap's day).</summary>
    public static DateOnly ChinaDay(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(QuietHours.ChinaStandardTimeOffset).DateTime);

    /// <inheritdoc />
    protected override async Task<Dictionary<string, string>> SuppressAsync(IReadOnlyList<DeliveryRecord> planned, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var suppressed = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Options.DailySmsCapPerNumber <= 0)
        {
            return suppressed;
        }

        var over = await dailyCounter.ReserveAsync([.. planned.Select(r => r.Address).Distinct(StringComparer.Ordinal)], ChinaDay(now), Options.DailySmsCapPerNumber, cancellationToken);
        foreach (var row in planned.Where(r => over.Contains(r.Address)))
        {
            suppressed[row.RowKey] = CapReason;
        }

        return suppressed;
    }

    /// <inheritdoc />
    protected override async Task<IReadOnlyList<RecipientSendResult>> SendAsync(Warning warning, DeliveryBatch batch, IReadOnlyList<DeliveryRecord> claimed, CancellationToken cancellationToken)
    {
        var content = _template.Render(warning.Headline, warning.Instruction);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["headline"] = content.Headline,
            ["instruction"] = content.Instruction,
        };
        var reference = new ReceiptReference(batch.PartitionKey, claimed.Select(r => r.RowKey).Min(StringComparer.Ordinal)!, claimed.Select(r => r.RowKey).Max(StringComparer.Ordinal)!);
        var request = new SmsBatch(
            _template.Signature,
            TemplateCode,
            parameters,
            content.Text,
            [.. claimed.Select(r => new SmsRecipient(r.RowKey, r.Address))],
            reference.ToString());
        var result = await sms.SendAsync(request, cancellationToken);
        return [.. result.Recipients.Select(r => r.Outcome switch
        {
            SmsOutcome.Accepted accepted => new RecipientSendResult(r.RecipientId, RecipientSendKind.Accepted, r.Provider, accepted.ProviderMessageId, null),
            SmsOutcome.PermanentFailure permanent => new RecipientSendResult(r.RecipientId, RecipientSendKind.PermanentFailure, r.Provider, null, $"{permanent.Code}: {permanent.Reason}"),
            SmsOutcome.TransientFailure transient => new RecipientSendResult(r.RecipientId, RecipientSendKind.TransientFailure, r.Provider, null, transient.Reason),
            _ => new RecipientSendResult(r.RecipientId, RecipientSendKind.TransientFailure, r.Provider, null, "unknown outcome"),
        })];
    }
}

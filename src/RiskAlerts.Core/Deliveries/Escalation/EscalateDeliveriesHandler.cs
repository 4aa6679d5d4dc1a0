using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Acknowledgements;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries.Plan;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Telemetry;
using RiskAlerts.Core.Warnings;

namespace RiskAlerts.Core.Deliveries.Escalation;

/// <summary>What an escalation check did.</summary>
public enum EscalationOutcome
{
    /// <summary>Checked: the enterprises that had not acknowledged got the warning on their next contacts (possibly none did).</summary>
    Checked,

    /// <summary>No such warning (dead-lettered as <c>UnknownWarning</c>).</summary>
    UnknownWarning,

    /// <summary>The warning was retracted or expired; nobody more is reached.</summary>
    Closed,
}

/// <summary>
/// Runs an escalation check when its window ends. For each enterprise of the check that has no
/// acknowledgement of the warning (by any contact, or by the enterprise itself), the warning goes to
/// its contacts of the check's step (<see cref="EscalationLevels"/>), by their channels, as rows
/// marked <see cref="DeliveryRecord.Escalation"/> and batches on the <c>deliveries</c> topic; when a
/// further step would reach more contacts, its check is scheduled one window later. An enterprise in
/// its quiet hours waits, unless the warning is <c>Extreme</c>: its check is scheduled again for the
/// hours' end, and acknowledgements are read again then.
/// </summary>
/// <remarks>
/// The enterprise is matched again at the check (its current contacts, channels and preferences), so
/// a contact who opted out or an enterprise that unsubscribed is not reached. Safe to run twice: rows
/// use the first delivery's keys (<c>{channel}_{uscc}_{contactId}</c>), so a contact has at most one row
/// per warning and channel whatever the steps; batch message ids derive from the check's id; every
/// batch is sent as <see cref="DeliveryBatch.Verify"/>, so its sender acts only on rows still pending.
/// </remarks>
public sealed class EscalateDeliveriesHandler(
    IWarningStore warnings,
    ISubscriberDirectory directory,
    IAcknowledgementStore acknowledgements,
    IDeliveryStore deliveries,
    IDeliveryBatchPublisher publisher,
    IEscalationScheduler scheduler,
    IOptions<DeliveryOptions> options,
    IOptions<Registrations.Verification.ContactVerificationOptions> verification,
    TimeProvider timeProvider,
    RiskAlertsTelemetry telemetry,
    ILogger<EscalateDeliveriesHandler> logger)
{
    /// <summary>Runs the check.</summary>
    public async Task<EscalationOutcome> HandleAsync(EscalationBatch check, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(check);
        var warning = await warnings.FindAsync(check.WarningId, cancellationToken);
        if (warning is null)
        {
            return EscalationOutcome.UnknownWarning;
        }

        var now = timeProvider.GetUtcNow();
        if (warning.IsClosedFor(now))
        {
            logger.LogInformation("Escalation {MessageId}: warning {WarningId} is closed ({Status}); nobody more is reached", check.MessageId, check.WarningId, warning.Status);
            return EscalationOutcome.Closed;
        }

        var codes = check.Enterprises.Select(c => UnifiedSocialCreditCode.TryParse(c, out var code) ? code : (UnifiedSocialCreditCode?)null).OfType<UnifiedSocialCreditCode>().ToList();
        var unacknowledged = new List<Subscriber>(codes.Count);
        foreach (var subscriber in await directory.FindByCodesAsync(codes, cancellationToken))
        {
            if ((await acknowledgements.ListAsync(warning.Id, subscriber.Uscc.Value, cancellationToken)).Count == 0)
            {
                unacknowledged.Add(subscriber);
            }
        }

        var chunker = new DeliveryChunker(warning.Id, now, options.Value.ChunkSize, options.Value.ChunkSize);
        var chunks = new List<PlannedChunk>();
        var waiting = new SortedDictionary<DateTimeOffset, List<string>>();
        var further = new List<string>();
        foreach (var enterprise in AudienceMatcher.Match(warning.Audience, unacknowledged, now, verification.Value.Reaches(warning.Audience.Severity)).GroupBy(r => r.Uscc))
        {
            var recipients = enterprise.ToList();
            if (recipients.Max(r => r.DeferUntil) is { } quietUntil)
            {
                // Its quiet hours hold the warning back (never for Extreme): the whole check waits, so
                // that an acknowledgement before they end still stops it.
                (waiting.TryGetValue(quietUntil, out var list) ? list : waiting[quietUntil] = []).Add(enterprise.Key.Value);
                continue;
            }

            foreach (var recipient in DeliveryChunker.InCanonicalOrder(EscalationLevels.At(recipients, check.Step)))
            {
                if (chunker.Add(recipient) is { } chunk)
                {
                    chunks.Add(chunk);
                }
            }

            if (EscalationLevels.HasStepAfter(recipients, check.Step))
            {
                further.Add(enterprise.Key.Value);
            }
        }

        chunks.AddRange(chunker.Flush());
        var added = 0;
        foreach (var chunk in chunks)
        {
            var rows = await deliveries.AddAsync([.. chunk.Rows.Select(r => r with { Escalation = check.Step })], cancellationToken);
            telemetry.DeliveriesPlanned.Add(rows, new KeyValuePair<string, object?>("channel", chunk.Channel.ToWireName()));
            added += rows;
        }

        if (added > 0)
        {
            // The completion sweep may have closed the first deliveries' warning; it is delivering again.
            await warnings.UpdateAsync(warning.Id, w => w.Status == WarningStatus.Completed ? w with { Status = WarningStatus.Delivering } : w, cancellationToken);
        }

        foreach (var chunk in chunks)
        {
            var batch = new DeliveryBatch(chunk.MessageId(check.MessageId), warning.Id, chunk.Channel, chunk.PartitionKey, Attempt: 1, [.. chunk.Rows.Select(r => new DeliveryBatchRecipient(r.RowKey, r.Address))]) { Verify = true };
            await publisher.PublishAsync(batch, warning.ExpiresAt, null, cancellationToken);
        }

        foreach (var (until, enterprises) in waiting)
        {
            await scheduler.ScheduleAsync(check.WaitUntil(until, enterprises), warning.ExpiresAt, cancellationToken);
        }

        if (further.Count > 0)
        {
            await scheduler.ScheduleAsync(check.Next(now, further), warning.ExpiresAt, cancellationToken);
        }

        logger.LogInformation(
            "Escalation {MessageId} of warning {WarningId}, step {Step}: {Enterprises} enterprises, {Unacknowledged} not acknowledged, {Rows} deliveries to next contacts ({Added} rows added), {Waiting} waiting for quiet hours to end, {Further} to escalate further",
            check.MessageId,
            warning.Id,
            check.Step,
            check.Enterprises.Count,
            unacknowledged.Count,
            chunks.Sum(c => c.Rows.Count),
            added,
            waiting.Values.Sum(v => v.Count),
            further.Count);
        return EscalationOutcome.Checked;
    }
}

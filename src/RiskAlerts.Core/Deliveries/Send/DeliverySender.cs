using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Telemetry;
using RiskAlerts.Core.Warnings;

namespace RiskAlerts.Core.Deliveries.Send;

/// <summary>How one recipient's send went, as a channel reports it.</summary>
/// <param name="RowKey">The recipient's row.</param>
/// <param name="Kind">Accepted, or how it failed.</param>
/// <param name="Provider">Who took (or refused) it.</param>
/// <param name="ProviderMessageId">The provider's message id when accepted.</param>
/// <param name="Reason">Why it failed.</param>
public readonly record struct RecipientSendResult(string RowKey, RecipientSendKind Kind, string? Provider, string? ProviderMessageId, string? Reason);

/// <summary>The three ways a send ends for a recipient.</summary>
public enum RecipientSendKind
{
    /// <summary>The provider took the message.</summary>
    Accepted,

    /// <summary>Retrying will not help; never retried.</summary>
    PermanentFailure,

    /// <summary>Worth retrying later.</summary>
    TransientFailure,
}

/// <summary>
/// The row handling both senders share, around a channel-specific send.
/// <list type="number">
/// <item>Read the batch's rows with one range query; only rows still Planned are sent. Rows already
/// Sent or settled are skipped, which is what makes a duplicate message harmless.</item>
/// <item>Rows found in Sending were claimed by an attempt that did not record its outcome (a crash,
/// a lost lock): whether the provider took them is unknown, so they become
/// <c>Failed("interrupted; outcome unknown")</c> rather than risk a second message to the same person.</item>
/// <item>A closed warning (retracted, expired) turns the Planned rows Expired; nothing is sent.</item>
/// <item>The rest are claimed (Planned → Sending) in one transaction conditional on the ETags read,
/// sent, and their outcomes written in one more transaction: Sent; Failed for a permanent refusal;
/// Planned with one more attempt for a transient failure, re-published alone as a scheduled message
/// with exponential backoff and jitter, until <see cref="DeliveryOptions.MaxAttempts"/>, after which
/// the rows fail with "retries exhausted" and the message is dead-lettered for operators.</item>
/// </list>
/// </summary>
public abstract class DeliverySender(
    WarningCache warnings,
    IDeliveryStore deliveries,
    IDeliveryBatchPublisher publisher,
    IOptions<DeliveryOptions> options,
    TimeProvider timeProvider,
    RiskAlertsTelemetry telemetry,
    ILogger logger)
{
    /// <summary>What an interrupted attempt leaves on its rows.</summary>
    public const string InterruptedReason = "interrupted; outcome unknown";

    /// <summary>The delivery settings.</summary>
    protected DeliveryOptions Options => options.Value;

    /// <summary>The clock.</summary>
    protected TimeProvider Clock => timeProvider;

    /// <summary>Handles one <c>deliveries</c> message.</summary>
    public async Task<BatchOutcome> HandleAsync(DeliveryBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Recipients.Count == 0)
        {
            return BatchOutcome.Completed;
        }

        var warning = await warnings.GetAsync(batch.WarningId, cancellationToken);
        if (warning is null)
        {
            return BatchOutcome.DeadLetter("UnknownWarning", $"Warning {batch.WarningId} does not exist; batch {batch.MessageId} cannot be sent.");
        }

        var wanted = batch.Recipients.Select(r => r.RowKey).ToHashSet(StringComparer.Ordinal);
        var rows = (await deliveries.ReadRangeAsync(batch.PartitionKey, batch.FirstRowKey, batch.LastRowKey, cancellationToken))
            .Where(r => wanted.Contains(r.RowKey))
            .ToList();
        if (rows.Count < wanted.Count)
        {
            logger.LogWarning("Batch {MessageId}: {Missing} of {Count} recipients have no delivery row; they are skipped", batch.MessageId, wanted.Count - rows.Count, wanted.Count);
        }

        var now = timeProvider.GetUtcNow();
        if (batch.IsOperatorReplay)
        {
            rows = await ReopenAsync(batch, rows, now, cancellationToken);
        }

        var changes = new List<DeliveryRecord>();
        foreach (var interrupted in rows.Where(r => r.Status == DeliveryStatus.Sending))
        {
            changes.Add(DeliveryStateMachine.Fail(interrupted, now, InterruptedReason));
        }

        var planned = rows.Where(r => r.Status == DeliveryStatus.Planned).ToList();
        if (warning.IsClosedFor(now))
        {
            var why = warning.Status == WarningStatus.Cancelled ? "warning retracted" : "warning expired";
            changes.AddRange(planned.Select(r => DeliveryStateMachine.Expire(r, now, why)));
            await WriteAsync(changes, cancellationToken);
            telemetry.CountOutcomes(changes);
            logger.LogInformation("Batch {MessageId}: warning {WarningId} is closed; {Count} deliveries expired", batch.MessageId, batch.WarningId, planned.Count);
            return BatchOutcome.Completed;
        }

        var suppressed = planned.Count == 0 ? new Dictionary<string, string>() : await SuppressAsync(planned, now, cancellationToken);
        changes.AddRange(planned.Where(r => suppressed.ContainsKey(r.RowKey)).Select(r => DeliveryStateMachine.Suppress(r, now, suppressed[r.RowKey])));
        changes.AddRange(planned.Where(r => !suppressed.ContainsKey(r.RowKey)).Select(r => DeliveryStateMachine.Claim(r, now)));
        var written = await WriteAsync(changes, cancellationToken);
        telemetry.CountOutcomes(written.Where(r => r.Status != DeliveryStatus.Sending));
        var claimed = written.Where(r => r.Status == DeliveryStatus.Sending).ToList();
        if (claimed.Count == 0)
        {
            return BatchOutcome.Completed;
        }

        var started = timeProvider.GetTimestamp();
        var results = (await SendAsync(warning, batch, claimed, cancellationToken)).ToDictionary(r => r.RowKey, StringComparer.Ordinal);
        var done = timeProvider.GetUtcNow();
        telemetry.SendDuration.Record(timeProvider.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("channel", batch.Channel.ToWireName()));
        var outcomes = new List<DeliveryRecord>(claimed.Count);
        var retry = new List<DeliveryRecord>();
        var exhausted = new List<DeliveryRecord>();
        foreach (var row in claimed)
        {
            var result = results.TryGetValue(row.RowKey, out var found)
                ? found
                : new RecipientSendResult(row.RowKey, RecipientSendKind.TransientFailure, null, null, "no result from the channel");
            switch (result.Kind)
            {
                case RecipientSendKind.Accepted:
                    outcomes.Add(DeliveryStateMachine.Sent(row, done, result.Provider ?? string.Empty, result.ProviderMessageId ?? string.Empty));
                    break;
                case RecipientSendKind.PermanentFailure:
                    outcomes.Add(DeliveryStateMachine.Fail(row, done, result.Reason ?? "rejected") with { Provider = result.Provider });
                    break;
                default:
                    if (batch.Attempt >= Options.MaxAttempts)
                    {
                        var failed = DeliveryStateMachine.Exhaust(row, done, result.Reason) with { Provider = result.Provider };
                        outcomes.Add(failed);
                        exhausted.Add(failed);
                    }
                    else
                    {
                        var again = DeliveryStateMachine.Retry(row, done, result.Reason ?? "transient failure") with { Provider = result.Provider };
                        outcomes.Add(again);
                        retry.Add(again);
                    }

                    break;
            }
        }

        await WriteAsync(outcomes, cancellationToken);
        telemetry.CountOutcomes(outcomes.Where(r => r.Status != DeliveryStatus.Planned));
        telemetry.Retries.Add(retry.Count, new KeyValuePair<string, object?>("channel", batch.Channel.ToWireName()));
        if (retry.Count > 0)
        {
            var next = batch.Attempt + 1;
            var addresses = batch.Recipients.ToDictionary(r => r.RowKey, r => r.Address, StringComparer.Ordinal);
            var again = new DeliveryBatch(
                batch.RetryMessageId(next),
                batch.WarningId,
                batch.Channel,
                batch.PartitionKey,
                next,
                [.. retry.OrderBy(r => r.RowKey, StringComparer.Ordinal).Select(r => new DeliveryBatchRecipient(r.RowKey, addresses[r.RowKey]))]);
            var delay = Backoff(batch.Attempt);
            await publisher.PublishAsync(again, warning.ExpiresAt, done + delay, cancellationToken);
            logger.LogInformation("Batch {MessageId}: {Count} recipients failed transiently; retry {Attempt} in {DelayMs} ms", batch.MessageId, retry.Count, next, (long)delay.TotalMilliseconds);
        }

        logger.LogInformation(
            "Batch {MessageId} attempt {Attempt}: {Sent} sent, {Failed} failed, {Retry} to retry, {Suppressed} suppressed, {Interrupted} interrupted",
            batch.MessageId,
            batch.Attempt,
            outcomes.Count(r => r.Status == DeliveryStatus.Sent),
            outcomes.Count(r => r.Status == DeliveryStatus.Failed),
            retry.Count,
            suppressed.Count,
            rows.Count(r => r.Status == DeliveryStatus.Sending));

        return exhausted.Count > 0
            ? BatchOutcome.DeadLetter(
                "RetriesExhausted",
                $"{exhausted.Count} recipients of warning {batch.WarningId} still failed transiently after {batch.Attempt} attempts (last: {exhausted[0].Reason}); their rows are Failed.")
            : BatchOutcome.Completed;
    }

    /// <summary>The recipients (by row key) not to send to, with the reason; the rest are sent.</summary>
    protected virtual Task<Dictionary<string, string>> SuppressAsync(IReadOnlyList<DeliveryRecord> planned, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>Sends the warning to the claimed rows; one result per row. Expected failures are results, not exceptions.</summary>
    protected abstract Task<IReadOnlyList<RecipientSendResult>> SendAsync(Warning warning, DeliveryBatch batch, IReadOnlyList<DeliveryRecord> claimed, CancellationToken cancellationToken);

    /// <summary>Exponential backoff with ±20 % jitter, so retries of many batches do not arrive together.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var exponential = Options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1));
        var capped = Math.Min(exponential, Options.RetryMaxDelay.TotalMilliseconds);
#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
#pragma warning restore CA5394
        return TimeSpan.FromMilliseconds(capped * jitter);
    }

    /// <summary>Puts the replayed batch's exhausted rows back to Planned, so that the steps below send them like any other.</summary>
    private async Task<List<DeliveryRecord>> ReopenAsync(DeliveryBatch batch, List<DeliveryRecord> rows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reopened = (await WriteAsync([.. rows.Where(DeliveryStateMachine.CanReopen).Select(r => DeliveryStateMachine.Reopen(r, now))], cancellationToken))
            .ToDictionary(r => r.RowKey, StringComparer.Ordinal);
        logger.LogInformation("Batch {MessageId} replayed by an operator: {Count} recipients whose retries ran out are sent again", batch.MessageId, reopened.Count);
        return [.. rows.Select(r => reopened.GetValueOrDefault(r.RowKey, r))];
    }

    private async Task<IReadOnlyList<DeliveryRecord>> WriteAsync(List<DeliveryRecord> changes, CancellationToken cancellationToken) =>
        changes.Count == 0 ? [] : await deliveries.UpdateAsync(changes, cancellationToken);
}

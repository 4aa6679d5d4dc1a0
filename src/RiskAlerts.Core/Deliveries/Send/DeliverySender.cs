using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Registrations.OptOut;
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

/// <summary>The ways a send ends for a recipient.</summary>
public enum RecipientSendKind
{
    /// <summary>The provider took the message.</summary>
    Accepted,

    /// <summary>Retrying will not help; never retried.</summary>
    PermanentFailure,

    /// <summary>Worth retrying later; counts an attempt.</summary>
    TransientFailure,

    /// <summary>No provider was asked (paused, circuit open): the batch waits and asks again; not an attempt.</summary>
    NotAttempted,

    /// <summary>Deliberately not sent (the provider's per-number frequency limit); the reason says why. Never retried.</summary>
    Suppressed,
}

/// <summary>
/// The sender lifecycle both channels share, around a channel-specific send. It is built for two
/// things at once: a province broadcast costs a handful of storage requests per hundred deliveries,
/// and a sender killed at any point loses nobody.
/// <list type="number">
/// <item>A fresh batch is sent from what its message carries, with no read. Its rows are read only
/// when it may have been worked on before (<see cref="DeliveryBatch.Verify"/>: a redelivered
/// message, a planner run again, an operator's replay, a claim taken over); then only rows still
/// pending are acted on, which is what makes a duplicate message harmless.</item>
/// <item>Where a channel cannot ask its provider twice safely (<see cref="NeedsClaim"/>), the batch
/// is claimed (one write) just before its first request, so a second sender of the same message
/// sends nothing while the first holds it. A sender that takes a lapsed claim over resolves what
/// was in flight: <see cref="ResolveInterrupted"/> says whether to send it again (email: a duplicate
/// rather than a miss) or to record it <see cref="DeliveryStatus.Unknown"/> for the receipt to settle.
/// A channel whose provider deduplicates requests needs no claim: the repeated request carries the
/// same idempotency reference and the provider answers it without sending twice.</item>
/// <item>Outcomes are written as the channel reports them, one transaction per group (one per
/// batch for SMS; for email, what finished during the previous write), so a crash leaves
/// unrecorded at most the group in flight. Sent; Failed for a refusal; Planned with one more
/// attempt for a transient failure, re-published alone as a scheduled message with backoff until
/// <see cref="DeliveryOptions.MaxAttempts"/> or the warning's expiry. A recipient no provider was
/// asked for (every one paused or its circuit open) is no attempt: the batch waits
/// <see cref="DeliveryOptions.ProviderWaitDelay"/> as a scheduled message and asks again.</item>
/// <item>A closed warning (retracted, expired) turns pending rows Expired; nothing is sent.</item>
/// <item>A row whose address stopped receiving from its enterprise after the warning was accepted
/// (an opt-out that raced the plan; normally the planner no longer plans it) becomes
/// <c>Suppressed("opt-out")</c>, checked against <see cref="IOptOutLedger"/>, whose one read serves
/// every batch of the next second.</item>
/// </list>
/// </summary>
public abstract class DeliverySender(
    WarningCache warnings,
    IDeliveryStore deliveries,
    IDeliveryBatchClaims claims,
    IDeliveryBatchPublisher publisher,
    IOptOutLedger optOuts,
    IOptions<DeliveryOptions> options,
    TimeProvider timeProvider,
    RiskAlertsTelemetry telemetry,
    ILogger logger)
{
    /// <summary>The reason of a delivery suppressed because its contact opted out after it was planned.</summary>
    public const string OptOutReason = "opt-out";

    /// <summary>What an interrupted request to a provider that cannot be asked twice leaves on its rows.</summary>
    public const string InterruptedReason = "interrupted; outcome unknown until the receipt";

    private static readonly TimeSpan ClaimPoll = TimeSpan.FromMilliseconds(500);

    /// <summary>The delivery settings.</summary>
    protected DeliveryOptions Options => options.Value;

    /// <summary>The clock.</summary>
    protected TimeProvider Clock => timeProvider;

    /// <summary>Whether the batch must be claimed before its first request (see the class remarks).</summary>
    protected abstract bool NeedsClaim { get; }

    /// <summary>
    /// What becomes of recipients whose request may have left before their sender stopped: true to
    /// send them again, false to record them <see cref="DeliveryStatus.Unknown"/>.
    /// </summary>
    protected abstract bool ResolveInterrupted { get; }

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

        if (batch.SettleUnknown)
        {
            return await SettleUnknownAsync(batch, cancellationToken);
        }

        // Who is not to be sent to is looked up while the claim is written: the first send waits for
        // both, and neither needs the other (a claim held elsewhere is for the same warning, which
        // the daily cap counts once per number).
        var now = timeProvider.GetUtcNow();
        var closed = warning.IsClosedFor(now);
        var screening = closed ? Task.FromResult(new Dictionary<string, string>(StringComparer.Ordinal)) : ScreenAsync(warning, batch, now, cancellationToken);
        try
        {
            var claim = NeedsClaim && !closed ? await ClaimAsync(batch, cancellationToken) : null;
            for (var waited = TimeSpan.Zero; claim is { State: BatchClaimState.HeldByAnother }; waited += ClaimPoll)
            {
                // A copy of a message another sender holds (or finished): done once nothing is pending.
                if (!(await ReadRowsAsync(batch, cancellationToken)).Exists(r => DeliveryStateMachine.IsPending(r.Status)))
                {
                    logger.LogInformation("Batch {MessageId} is claimed by another sender and has nothing pending; nothing to do", batch.MessageId);
                    return BatchOutcome.Completed;
                }

                if (waited > Options.ClaimLease)
                {
                    // Still held after a whole lease: its holder is alive and working. Let Service Bus redeliver later.
                    throw new BatchClaimedElsewhereException($"Batch {batch.MessageId} is claimed by another sender until {claim.HeldUntil:O}.");
                }

                // The holder is finishing the batch, or it died and its lease runs out.
                await Task.Delay(ClaimPoll, timeProvider, cancellationToken);
                claim = await ClaimAsync(batch, cancellationToken);
            }

            try
            {
                return await SendBatchAsync(warning, batch, claim, await screening, cancellationToken);
            }
            catch (Exception) when (claim is not null)
            {
                // Stopped before the batch was done (host stopping, storage unreachable): give the claim up
                // so that the redelivered message is taken over at once instead of after the lease.
                await ReleaseQuietlyAsync(claim);
                throw;
            }
        }
        finally
        {
            // Left unawaited when the claim failed or the batch was another sender's; its failure is not this batch's story.
            await ((Task)screening).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>
    /// The channel's own suppression (the SMS daily cap): the recipients (by row key) not to send to,
    /// with the reason. Asked for every recipient of the batch at once with the opt-out look-up, so
    /// it also counts the few who opted out since the warning was accepted, which errs towards
    /// fewer messages, as the cap does.
    /// </summary>
    protected virtual Task<Dictionary<string, string>> SuppressAsync(DeliveryBatch batch, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>
    /// Sends the warning to the rows and yields their results group by group, as they are known;
    /// each group's outcomes are written before the next is sent. Expected failures are results, not exceptions.
    /// </summary>
    protected abstract IAsyncEnumerable<IReadOnlyList<RecipientSendResult>> SendAsync(Warning warning, DeliveryBatch batch, IReadOnlyList<DeliveryRecord> rows, CancellationToken cancellationToken);

    private async Task<BatchOutcome> SendBatchAsync(Warning warning, DeliveryBatch batch, BatchClaim? claim, Dictionary<string, string> screenedOut, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var takenOver = claim is { State: BatchClaimState.TakenOver };
        var verify = batch.Verify || batch.IsOperatorReplay || takenOver;
        var rows = verify ? await ReadRowsAsync(batch, cancellationToken) : RowsOf(batch, now);
        if (batch.IsOperatorReplay)
        {
            rows = await ReopenAsync(batch, rows, now, cancellationToken);
        }

        var pending = rows.Where(r => DeliveryStateMachine.IsPending(r.Status)).ToList();
        var changes = new List<DeliveryRecord>();
        if (warning.IsClosedFor(now))
        {
            var why = warning.Status switch
            {
                WarningStatus.Cancelled when warning.SupersededBy is not null => "warning called off",
                WarningStatus.Cancelled => "warning retracted",
                WarningStatus.Superseded => "warning updated",
                _ => "warning expired",
            };
            changes.AddRange(pending.Select(r => DeliveryStateMachine.Expire(r, now, why)));
            await WriteAsync(changes, cancellationToken);
            telemetry.CountOutcomes(changes);
            logger.LogInformation("Batch {MessageId}: warning {WarningId} is closed; {Count} deliveries expired", batch.MessageId, batch.WarningId, pending.Count);
            return BatchOutcome.Completed;
        }

        // Rows still pending under a claim taken over, or left in Sending by an earlier version,
        // may have reached their provider before the sender stopped.
        var interrupted = pending.Where(r => takenOver || r.Status == DeliveryStatus.Sending).ToList();
        if (interrupted.Count > 0)
        {
            if (!ResolveInterrupted)
            {
                var unknown = interrupted.Select(r => DeliveryStateMachine.Unknown(r, now, InterruptedReason)).ToList();
                changes.AddRange(unknown);
                pending = [.. pending.Except(interrupted)];

                // The receipt has until the window's end; then a check records the rest Failed("outcome unknown").
                var settleAt = now + Options.UnknownOutcomeWindow;
                var settle = new DeliveryBatch(batch.SettleMessageId(), batch.WarningId, batch.Channel, batch.PartitionKey, batch.Attempt, [.. interrupted.Select(r => new DeliveryBatchRecipient(r.RowKey, r.Address))]) { SettleUnknown = true, FollowsEarlier = batch.FollowsEarlier };
                await publisher.PublishAsync(settle, settleAt + TimeSpan.FromDays(1), settleAt, cancellationToken);
            }

            RecordInterrupted(batch, interrupted, ResolveInterrupted ? "sent again" : "unknown");
        }

        var suppressed = pending.Where(r => screenedOut.ContainsKey(r.RowKey)).ToDictionary(r => r.RowKey, r => screenedOut[r.RowKey], StringComparer.Ordinal);

        changes.AddRange(pending.Where(r => suppressed.ContainsKey(r.RowKey)).Select(r => DeliveryStateMachine.Suppress(r, now, suppressed[r.RowKey])));
        var toSend = pending.Where(r => !suppressed.ContainsKey(r.RowKey)).ToList();

        var tally = new BatchTally();
        if (toSend.Count == 0)
        {
            await WriteAsync(changes, cancellationToken);
            telemetry.CountOutcomes(changes);
        }
        else
        {
            var byKey = toSend.ToDictionary(r => r.RowKey, StringComparer.Ordinal);
            var answered = new HashSet<string>(StringComparer.Ordinal);
            var started = timeProvider.GetTimestamp();
            await foreach (var group in SendAsync(warning, batch, toSend, cancellationToken))
            {
                var done = timeProvider.GetUtcNow();
                var results = group.Where(r => byKey.ContainsKey(r.RowKey) && answered.Add(r.RowKey)).ToList();
                changes.AddRange(Apply(batch, warning, results.Select(r => (byKey[r.RowKey], r)), done, tally));
                await WriteAsync(changes, cancellationToken);
                telemetry.CountOutcomes(changes.Where(r => r.Status != DeliveryStatus.Planned));
                changes.Clear();
            }

            telemetry.SendDuration.Record(timeProvider.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("channel", batch.Channel.ToWireName()));
            var silent = toSend.Where(r => !answered.Contains(r.RowKey))
                .Select(r => (r, new RecipientSendResult(r.RowKey, RecipientSendKind.TransientFailure, null, null, "no result from the channel")))
                .ToList();
            if (silent.Count > 0)
            {
                var outcomes = Apply(batch, warning, silent, timeProvider.GetUtcNow(), tally);
                await WriteAsync(outcomes, cancellationToken);
                telemetry.CountOutcomes(outcomes.Where(r => r.Status != DeliveryStatus.Planned));
            }
        }

        await RepublishAsync(batch, warning, tally, cancellationToken);
        logger.LogInformation(
            "Batch {MessageId} attempt {Attempt}: {Sent} sent, {Failed} failed, {Retry} to retry, {Waiting} waiting for a provider, {Suppressed} suppressed, {Interrupted} interrupted",
            batch.MessageId,
            batch.Attempt,
            tally.Sent,
            tally.Failed,
            tally.Retry.Count,
            tally.Waiting.Count,
            suppressed.Count,
            interrupted.Count);

        return tally.Exhausted.Count > 0
            ? BatchOutcome.DeadLetter(
                "RetriesExhausted",
                $"{tally.Exhausted.Count} recipients of warning {batch.WarningId} still failed transiently after {batch.Attempt} attempts (last: {tally.Exhausted[0].Reason}); their rows are Failed.")
            : BatchOutcome.Completed;
    }

    /// <summary>The batch's recipients (by row key) not to send to, with the reason: opted out, else suppressed by the channel.</summary>
    private async Task<Dictionary<string, string>> ScreenAsync(Warning warning, DeliveryBatch batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var optingOut = OptedOutAsync(warning, batch, cancellationToken);
        var suppressing = SuppressAsync(batch, now, cancellationToken);
        await Task.WhenAll(optingOut, suppressing);
        var screened = optingOut.Result;
        foreach (var (rowKey, reason) in suppressing.Result)
        {
            screened.TryAdd(rowKey, reason);
        }

        return screened;
    }

    /// <summary>The batch's recipients (by row key) whose address opted out of their enterprise (or of the warning's category) since the warning was accepted.</summary>
    private async Task<Dictionary<string, string>> OptedOutAsync(Warning warning, DeliveryBatch batch, CancellationToken cancellationToken)
    {
        var optedOut = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var shard in batch.Recipients.GroupBy(r => DeliveryKeys.ShardOf(r.Address)))
        {
            var entries = await optOuts.FindSinceAsync(shard.Key, warning.AcceptedAt, cancellationToken);
            foreach (var recipient in entries.Count == 0 ? Enumerable.Empty<DeliveryBatchRecipient>() : shard)
            {
                var uscc = DeliveryKeys.UsccOf(recipient.RowKey);
                if (entries.Any(e => e.Channel == batch.Channel
                    && e.Uscc == uscc
                    && string.Equals(e.Address, recipient.Address, StringComparison.OrdinalIgnoreCase)
                    && (e.Category is null || e.Category == warning.Category)))
                {
                    optedOut[recipient.RowKey] = OptOutReason;
                }
            }
        }

        return optedOut;
    }

    /// <summary>The rows' next states for the channel's results; transient failures and waits are collected for re-publishing.</summary>
    private List<DeliveryRecord> Apply(DeliveryBatch batch, Warning warning, IEnumerable<(DeliveryRecord Row, RecipientSendResult Result)> results, DateTimeOffset done, BatchTally tally)
    {
        var outcomes = new List<DeliveryRecord>();
        var nextAttemptAt = done + Backoff(batch.Attempt);
        foreach (var (row, result) in results)
        {
            switch (result.Kind)
            {
                case RecipientSendKind.Accepted:
                    outcomes.Add(DeliveryStateMachine.Sent(row, done, result.Provider ?? string.Empty, result.ProviderMessageId ?? string.Empty));
                    tally.Sent++;
                    break;
                case RecipientSendKind.PermanentFailure:
                    outcomes.Add(DeliveryStateMachine.Fail(row, done, result.Reason ?? "rejected") with { Provider = result.Provider });
                    tally.Failed++;
                    break;
                case RecipientSendKind.Suppressed:
                    outcomes.Add(DeliveryStateMachine.Suppress(row, done, result.Reason ?? "suppressed") with { Provider = result.Provider });
                    break;
                case RecipientSendKind.NotAttempted when done + Options.ProviderWaitDelay < warning.ExpiresAt:
                    // Unchanged: the row stays Planned with its attempts, and the batch asks again later.
                    tally.Waiting.Add(row);
                    break;
                case RecipientSendKind.NotAttempted:
                    outcomes.Add(DeliveryStateMachine.Expire(row, done, $"warning expired while no provider was available ({result.Reason})"));
                    tally.Failed++;
                    break;
                default:
                    if (batch.Attempt >= Options.MaxAttempts || nextAttemptAt >= warning.ExpiresAt)
                    {
                        var failed = DeliveryStateMachine.Exhaust(row, done, result.Reason) with { Provider = result.Provider };
                        outcomes.Add(failed);
                        tally.Exhausted.Add(failed);
                        tally.Failed++;
                    }
                    else
                    {
                        var again = DeliveryStateMachine.Retry(row, done, result.Reason ?? "transient failure") with { Provider = result.Provider };
                        outcomes.Add(again);
                        tally.Retry.Add(again);
                    }

                    break;
            }
        }

        return outcomes;
    }

    private async Task RepublishAsync(DeliveryBatch batch, Warning warning, BatchTally tally, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var addresses = batch.Recipients.ToDictionary(r => r.RowKey, r => r.Address, StringComparer.Ordinal);
        List<DeliveryBatchRecipient> RecipientsOf(List<DeliveryRecord> rows) =>
            [.. rows.OrderBy(r => r.RowKey, StringComparer.Ordinal).Select(r => new DeliveryBatchRecipient(r.RowKey, addresses.GetValueOrDefault(r.RowKey, r.Address)))];

        // Every copy reads its rows and sends only what is still pending. A batch can be handled
        // twice: a sender that stopped after publishing its copy and before completing the message
        // leaves the message to be redelivered, and the second handling publishes a copy of its own
        // (a retry where the first waited, or the other way round). The copy that comes second would
        // otherwise write Sent over rows that the first copy's receipts have already settled.
        // Retries and waits are off the happy path; a fresh batch still sends without a read.
        telemetry.Retries.Add(tally.Retry.Count, new KeyValuePair<string, object?>("channel", batch.Channel.ToWireName()));
        if (tally.Retry.Count > 0)
        {
            var next = batch.Attempt + 1;
            var delay = Backoff(batch.Attempt);
            var again = new DeliveryBatch(batch.RetryMessageId(next), batch.WarningId, batch.Channel, batch.PartitionKey, next, RecipientsOf(tally.Retry)) { Verify = true, FollowsEarlier = batch.FollowsEarlier };
            await publisher.PublishAsync(again, warning.ExpiresAt, now + delay, cancellationToken);
            logger.LogInformation("Batch {MessageId}: {Count} recipients failed transiently; retry {Attempt} in {DelayMs} ms", batch.MessageId, tally.Retry.Count, next, (long)delay.TotalMilliseconds);
        }

        if (tally.Waiting.Count > 0)
        {
            var wait = new DeliveryBatch(batch.WaitMessageId(batch.Waits + 1), batch.WarningId, batch.Channel, batch.PartitionKey, batch.Attempt, RecipientsOf(tally.Waiting)) { Waits = batch.Waits + 1, Verify = true, FollowsEarlier = batch.FollowsEarlier };
            await publisher.PublishAsync(wait, warning.ExpiresAt, now + Options.ProviderWaitDelay, cancellationToken);
            logger.LogWarning("Batch {MessageId}: no provider available for {Count} recipients; asking again in {DelayMs} ms (not an attempt)", batch.MessageId, tally.Waiting.Count, (long)Options.ProviderWaitDelay.TotalMilliseconds);
        }
    }

    private async Task<BatchOutcome> SettleUnknownAsync(DeliveryBatch batch, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var unsettled = (await ReadRowsAsync(batch, cancellationToken)).Where(r => r.Status == DeliveryStatus.Unknown).ToList();
        var resolved = new List<DeliveryRecord>();
        var resend = new List<DeliveryRecord>();
        var failed = new List<DeliveryRecord>();
        foreach (var row in unsettled)
        {
            var next = await ResolveUnknownAsync(row, now, cancellationToken) ?? DeliveryStateMachine.GiveUpUnknown(row, now);
            (next.Status switch
            {
                DeliveryStatus.Planned => resend,
                DeliveryStatus.Failed => failed,
                _ => resolved,
            }).Add(next);
        }

        await WriteAsync([.. resolved, .. resend, .. failed], cancellationToken);
        telemetry.CountOutcomes([.. resolved, .. failed]);
        var channel = new KeyValuePair<string, object?>("channel", batch.Channel.ToWireName());
        telemetry.Interruptions.Add(resolved.Count, channel, new KeyValuePair<string, object?>("resolution", "send records"));
        telemetry.Interruptions.Add(resend.Count, channel, new KeyValuePair<string, object?>("resolution", "sent again"));
        telemetry.Interruptions.Add(failed.Count, channel, new KeyValuePair<string, object?>("resolution", "no receipt"));
        if (resend.Count > 0)
        {
            var warning = await warnings.GetAsync(batch.WarningId, cancellationToken);
            if (warning is not null && !warning.IsClosedFor(now))
            {
                var again = new DeliveryBatch(batch.ResendMessageId(), batch.WarningId, batch.Channel, batch.PartitionKey, batch.Attempt + 1, [.. resend.OrderBy(r => r.RowKey, StringComparer.Ordinal).Select(r => new DeliveryBatchRecipient(r.RowKey, r.Address))]) { Verify = true, FollowsEarlier = batch.FollowsEarlier };
                await publisher.PublishAsync(again, warning.ExpiresAt, null, cancellationToken);
            }
        }

        logger.LogWarning(
            "Batch {MessageId}: of {Count} deliveries of unknown outcome, {Resolved} were settled by the provider's send records, {Resent} never reached it and are sent again, {Failed} had no receipt within {WindowMinutes} min and are recorded failed",
            batch.MessageId,
            unsettled.Count,
            resolved.Count,
            resend.Count,
            failed.Count,
            Options.UnknownOutcomeWindow.TotalMinutes);
        return BatchOutcome.Completed;
    }

    /// <summary>
    /// What a delivery of unknown outcome became, from the channel's own records; null when they cannot
    /// tell, and the row is then recorded failed as unknown. Email has no such records.
    /// </summary>
    protected virtual Task<DeliveryRecord?> ResolveUnknownAsync(DeliveryRecord row, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult<DeliveryRecord?>(null);

    private Task<BatchClaim> ClaimAsync(DeliveryBatch batch, CancellationToken cancellationToken) =>
        claims.ClaimAsync(batch.WarningId, batch.MessageId, timeProvider.GetUtcNow(), Options.ClaimLease, cancellationToken);

    private async Task ReleaseQuietlyAsync(BatchClaim claim)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await claims.ReleaseAsync(claim, timeout.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The lease runs out by itself; releasing only makes the take-over quicker.
            logger.LogWarning("Claim on batch {MessageId} could not be released ({Error}); it lapses after its lease", claim.MessageId, ex.Message);
        }
    }

    private void RecordInterrupted(DeliveryBatch batch, List<DeliveryRecord> interrupted, string resolution)
    {
        telemetry.Interruptions.Add(
            interrupted.Count,
            new KeyValuePair<string, object?>("channel", batch.Channel.ToWireName()),
            new KeyValuePair<string, object?>("resolution", resolution));
        foreach (var row in interrupted)
        {
            logger.LogWarning(
                "Delivery {PartitionKey}/{RowKey} to {Address} was in flight when its sender stopped; {Resolution}",
                row.PartitionKey,
                row.RowKey,
                PersonalDataMask.MaskAddress(row.Channel, row.Address),
                resolution);
        }
    }

    /// <summary>The batch's rows as its message describes them: a fresh batch's rows are as the planner wrote them.</summary>
    private static List<DeliveryRecord> RowsOf(DeliveryBatch batch, DateTimeOffset now) =>
        [.. batch.Recipients.Select(r => new DeliveryRecord
        {
            PartitionKey = batch.PartitionKey,
            RowKey = r.RowKey,
            WarningId = batch.WarningId,
            Channel = batch.Channel,
            Uscc = string.Empty,
            ContactId = string.Empty,
            Address = r.Address,
            Status = DeliveryStatus.Planned,
            StatusAt = now,
            Attempts = batch.Attempt - 1,
        })];

    private async Task<List<DeliveryRecord>> ReadRowsAsync(DeliveryBatch batch, CancellationToken cancellationToken)
    {
        var wanted = batch.Recipients.Select(r => r.RowKey).ToHashSet(StringComparer.Ordinal);
        var rows = (await deliveries.ReadRangeAsync(batch.PartitionKey, batch.FirstRowKey, batch.LastRowKey, cancellationToken))
            .Where(r => wanted.Contains(r.RowKey))
            .ToList();
        if (rows.Count < wanted.Count)
        {
            logger.LogWarning("Batch {MessageId}: {Missing} of {Count} recipients have no delivery row; they are skipped", batch.MessageId, wanted.Count - rows.Count, wanted.Count);
        }

        return rows;
    }

    /// <summary>Exponential backoff with ±20 % jitter, so retries of many batches do not arrive together.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var exponential = Options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(30, Math.Max(0, attempt - 1)));
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

    /// <summary>What a batch's sends came to.</summary>
    private sealed class BatchTally
    {
        public int Sent { get; set; }

        public int Failed { get; set; }

        public List<DeliveryRecord> Retry { get; } = [];

        public List<DeliveryRecord> Waiting { get; } = [];

        public List<DeliveryRecord> Exhausted { get; } = [];
    }
}

/// <summary>Another sender holds the batch's claim and is alive: the message is left for Service Bus to redeliver.</summary>
public sealed class BatchClaimedElsewhereException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BatchClaimedElsewhereException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public BatchClaimedElsewhereException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public BatchClaimedElsewhereException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

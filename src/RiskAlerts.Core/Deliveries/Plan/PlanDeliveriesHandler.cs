using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries.Escalation;
using RiskAlerts.Core.Deliveries.Send;
using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Telemetry;
using RiskAlerts.Core.Warnings;

namespace RiskAlerts.Core.Deliveries.Plan;

/// <summary>What the planner did with a <c>warnings</c> message.</summary>
public enum PlanOutcome
{
    /// <summary>Rows written and batches published.</summary>
    Planned,

    /// <summary>No such warning: the message cannot be processed (dead-lettered as <c>UnknownWarning</c>).</summary>
    UnknownWarning,

    /// <summary>The warning was retracted or expired before it was planned; nothing is sent.</summary>
    Closed,

    /// <summary>An earlier run got the warning to Delivering; this message is a redelivery and changes nothing.</summary>
    AlreadyPlanned,
}

/// <summary>
/// Plans a warning's deliveries as the audience is read: the subscription index is read one
/// partition range at a time (<see cref="AudienceResolver.StreamAsync"/>), each page matched at
/// once, and every chunk (at most 100 rows of one partition, channel and send time) written as one
/// transaction and announced by one <c>deliveries</c> message as soon as it is full, so the first
/// batch is on the topic while the rest of the province is still being read.
/// </summary>
/// <remarks>
/// Safe to run twice for the same warning (a redelivered <c>warnings</c> message, a crash half-way):
/// row keys and message ids are deterministic, existing rows are kept as they are (only missing ones
/// are added) and the topic drops a message id it has seen; a warning already Delivering is skipped.
/// Where the warning's severity has an escalation window (<see cref="EscalationOptions"/>), an
/// enterprise whose contacts have more than one precedence gets it first on its lowest-precedence
/// contacts only, and a check is scheduled for the window's end (<see cref="EscalateDeliveriesHandler"/>);
/// without a window every contact gets it at once.
/// </remarks>
public sealed class PlanDeliveriesHandler(
    IWarningStore warnings,
    AudienceResolver audience,
    EarlierRecipients earlierRecipients,
    IDeliveryStore deliveries,
    IDeliveryBatchPublisher publisher,
    IEscalationScheduler escalationScheduler,
    WarningCache senderWarnings,
    IOptions<DeliveryOptions> options,
    IOptions<EscalationOptions> escalationOptions,
    TimeProvider timeProvider,
    RiskAlertsTelemetry telemetry,
    ILogger<PlanDeliveriesHandler> logger)
{
    /// <summary>Plans the warning.</summary>
    public async Task<PlanOutcome> HandleAsync(string warningId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(warningId);
        var warning = await warnings.FindAsync(warningId, cancellationToken);
        if (warning is null)
        {
            logger.LogWarning("Warning {WarningId} to plan does not exist", warningId);
            return PlanOutcome.UnknownWarning;
        }

        var now = timeProvider.GetUtcNow();
        if (warning.IsClosedFor(now))
        {
            await RecordClosedAsync(warning, now, cancellationToken);
            return PlanOutcome.Closed;
        }

        if (warning.Status == WarningStatus.PendingApproval)
        {
            // Never published before its approval; a message for it is not one to act on.
            logger.LogWarning("Warning {WarningId} still waits for approval; not planned", warningId);
            return PlanOutcome.Closed;
        }

        if (warning.Status is WarningStatus.Delivering or WarningStatus.Completed)
        {
            logger.LogInformation("Warning {WarningId} is already {Status}; planning skipped", warningId, warning.Status);
            return PlanOutcome.AlreadyPlanned;
        }

        // Planned already: an earlier run stopped half-way. Its batches may have been sent, so every
        // batch of this run makes its sender read the rows first and act only on what is pending.
        var rerun = warning.Status == WarningStatus.Planned;
        var planned = await warnings.UpdateAsync(warningId, w => w.Status == WarningStatus.Accepted ? w with { Status = WarningStatus.Planned } : w, cancellationToken);
        if (planned is null || planned.IsClosedFor(now))
        {
            // Retracted between the read and now: nothing has been written yet, so nothing goes out.
            logger.LogInformation("Warning {WarningId} closed while it was planned; nothing sent", warningId);
            return PlanOutcome.Closed;
        }

        senderWarnings.Remember(planned);

        // An Update or Cancel stops the version it replaces and goes first to whoever its versions
        // were sent to, read from their rows; an Update then goes to its own audience, less those.
        var earlier = warning.IsFollowUp ? await earlierRecipients.StopAndReadAsync(warning, cancellationToken) : null;

        var clock = Stopwatch.StartNew();
        var settings = options.Value;
        var chunker = new DeliveryChunker(warning.Id, now, settings.ChunkSize, settings.FirstChunkSize);
        var full = System.Threading.Channels.Channel.CreateBounded<PlannedChunk>(new System.Threading.Channels.BoundedChannelOptions(settings.PlannerParallelism * 4) { SingleWriter = true });
        var written = new PlanTally();
        var window = escalationOptions.Value.WindowFor(warning.Audience.Severity);
        var escalations = window is { } w ? new EscalationBatcher(warning.Id, w) : null;

        // A writer that fails (storage unreachable) stops the others and the reader, which would
        // otherwise wait for ever on a full channel nobody drains; its exception is what surfaces.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writers = Enumerable.Range(0, settings.PlannerParallelism)
            .Select(_ => WriteChunksAsync(warning, full.Reader, rerun, written, clock, stop))
            .ToArray();
        try
        {
            foreach (var recipient in DeliveryChunker.InCanonicalOrder(earlier?.Values ?? []))
            {
                if (chunker.Add(recipient, followsEarlier: true) is { } chunk)
                {
                    await full.Writer.WriteAsync(chunk, stop.Token);
                }
            }

            // Recipients stream in page by page as the subscription index is read; each chunk goes
            // to the writers (rows, then its message) as soon as it is full.
            var audiencePages = warning.MessageType == WarningMessageType.Cancel ? AsyncEnumerable.Empty<IReadOnlyList<MatchedRecipient>>() : audience.StreamAsync(warning.Audience, now, cancellationToken);
            // The first batch goes out before the next page is asked for: the index is read ahead,
            // several ranges at once, from then on, and that read would hold up the first batch's
            // write in a busy account.
            var handedOn = false;
            await foreach (var page in audiencePages)
            {
                foreach (var recipient in escalations is null ? page : await HoldBackEscalationsAsync(warning, page, now, escalations, stop.Token))
                {
                    if (earlier?.ContainsKey(EarlierRecipients.RowKeyOf(recipient)) != true && chunker.Add(recipient) is { } chunk)
                    {
                        await full.Writer.WriteAsync(chunk, stop.Token);
                        handedOn = true;
                    }
                }

                if (handedOn)
                {
                    await written.FirstPublished.WaitAsync(stop.Token);
                }
            }

            foreach (var chunk in chunker.Flush())
            {
                await full.Writer.WriteAsync(chunk, stop.Token);
            }

            foreach (var check in escalations?.Flush() ?? [])
            {
                await escalationScheduler.ScheduleAsync(check, warning.ExpiresAt, stop.Token);
            }

            full.Writer.Complete();
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Stopped by a failed writer: the writers' own exception is the one to report.
            full.Writer.TryComplete();
            await Task.WhenAll(writers);
            throw;
        }
        catch (Exception ex)
        {
            full.Writer.TryComplete(ex);
            await stop.CancelAsync();
            // The reader's own failure is the one to report; the writers only stop.
            await Task.WhenAll(writers).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        await Task.WhenAll(writers);

        await warnings.UpdateAsync(warningId, w => w.Status is WarningStatus.Accepted or WarningStatus.Planned ? w with { Status = WarningStatus.Delivering } : w, cancellationToken);
        logger.LogInformation(
            "Warning {WarningId} planned: {Recipients} recipients ({Added} rows added) in {Chunks} batches; first batch published after {FirstMs} ms, planned in {TotalMs} ms",
            warningId,
            chunker.RowCount,
            written.Added,
            written.Chunks,
            written.FirstPublishedMs,
            (long)clock.Elapsed.TotalMilliseconds);
        return PlanOutcome.Planned;
    }

    /// <summary>
    /// The recipients of the page to send to now: of each enterprise whose contacts have more than one
    /// precedence, only the lowest; the enterprise joins a check due one window after its first
    /// delivery goes out (after its quiet hours, where they hold that back).
    /// </summary>
    private async Task<List<MatchedRecipient>> HoldBackEscalationsAsync(Warning warning, IReadOnlyList<MatchedRecipient> page, DateTimeOffset now, EscalationBatcher escalations, CancellationToken cancellationToken)
    {
        var first = new List<MatchedRecipient>(page.Count);
        foreach (var enterprise in page.GroupBy(r => r.Uscc))
        {
            var recipients = enterprise.ToList();
            first.AddRange(EscalationLevels.At(recipients, 0));
            if (EscalationLevels.HasStepAfter(recipients, 0))
            {
                var firstSentAt = recipients.Max(r => r.DeferUntil) ?? now;
                if (escalations.Add(enterprise.Key.Value, firstSentAt + escalations.Window) is { } check)
                {
                    await escalationScheduler.ScheduleAsync(check, warning.ExpiresAt, cancellationToken);
                }
            }
        }

        return first;
    }

    private async Task WriteChunksAsync(Warning warning, System.Threading.Channels.ChannelReader<PlannedChunk> chunks, bool rerun, PlanTally tally, Stopwatch clock, CancellationTokenSource stop)
    {
        try
        {
            await WriteChunksAsync(warning, chunks, rerun, tally, clock, stop.Token);
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }
    }

    private async Task WriteChunksAsync(Warning warning, System.Threading.Channels.ChannelReader<PlannedChunk> chunks, bool rerun, PlanTally tally, Stopwatch clock, CancellationToken cancellationToken)
    {
        await foreach (var chunk in chunks.ReadAllAsync(cancellationToken))
        {
            var added = await deliveries.AddAsync(chunk.Rows, cancellationToken);
            telemetry.DeliveriesPlanned.Add(added, new KeyValuePair<string, object?>("channel", chunk.Channel.ToWireName()));
            var batch = new DeliveryBatch(
                chunk.MessageId(warning.Id),
                warning.Id,
                chunk.Channel,
                chunk.PartitionKey,
                Attempt: 1,
                [.. chunk.Rows.Select(r => new DeliveryBatchRecipient(r.RowKey, r.Address))]) { Verify = rerun, FollowsEarlier = chunk.FollowsEarlier };
            await publisher.PublishAsync(batch, warning.ExpiresAt, chunk.DeferUntil, cancellationToken);
            tally.Record(added, clock);
        }
    }

    /// <summary>What the writers did, counted across them.</summary>
    private sealed class PlanTally
    {
        private readonly TaskCompletionSource _firstPublished = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _firstPublishedMs = -1;
        private int _added;
        private int _chunks;

        /// <summary>Completes when the first batch is published.</summary>
        public Task FirstPublished => _firstPublished.Task;

        public int Added => Volatile.Read(ref _added);

        public int Chunks => Volatile.Read(ref _chunks);

        public long FirstPublishedMs => Interlocked.Read(ref _firstPublishedMs);

        public void Record(int added, Stopwatch clock)
        {
            Interlocked.Add(ref _added, added);
            Interlocked.Increment(ref _chunks);
            Interlocked.CompareExchange(ref _firstPublishedMs, (long)clock.Elapsed.TotalMilliseconds, -1);
            _firstPublished.TrySetResult();
        }
    }

    private async Task RecordClosedAsync(Warning warning, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A warning that ran out of time before it was planned is recorded as Expired, so the
        // status API says why nothing went out; a retracted or rejected one already says so.
        if (!warning.IsFinal)
        {
            await warnings.UpdateAsync(warning.Id, w => w.IsFinal ? w : w with { Status = WarningStatus.Expired }, cancellationToken);
        }

        logger.LogInformation("Warning {WarningId} is closed ({Status}, expires {ExpiresAt}); not planned", warning.Id, warning.Status, warning.ExpiresAt);
    }
}

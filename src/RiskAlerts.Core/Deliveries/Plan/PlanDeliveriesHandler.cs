using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Alerts;
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
/// Plans a warning's deliveries: resolves the audience, writes one <c>Deliveries</c> row per
/// recipient in 100-row transactions and publishes one <c>deliveries</c> message per transaction,
/// several chunks at a time, so the first batch is on its way while later rows are still written.
/// </summary>
/// <remarks>
/// Safe to run twice for the same warning (a redelivered <c>warnings</c> message, a crash half-way):
/// row keys and message ids are deterministic, existing rows are kept as they are (only missing ones
/// are added) and the topic drops a message id it has seen; a warning already Delivering is skipped.
/// </remarks>
public sealed class PlanDeliveriesHandler(
    IWarningStore warnings,
    AudienceResolver audience,
    IDeliveryStore deliveries,
    IDeliveryBatchPublisher publisher,
    IOptions<DeliveryOptions> options,
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

        if (warning.Status is WarningStatus.Delivering or WarningStatus.Completed)
        {
            logger.LogInformation("Warning {WarningId} is already {Status}; planning skipped", warningId, warning.Status);
            return PlanOutcome.AlreadyPlanned;
        }

        // Planned already: an earlier run stopped half-way. Its batches may have been sent, so every
        // batch of this run makes its sender read the rows first and act only on what is pending.
        var rerun = warning.Status == WarningStatus.Planned;
        var clock = Stopwatch.StartNew();
        var recipients = await audience.ResolveAsync(warning.Audience, now, cancellationToken);
        var chunks = DeliveryPlan.Build(warning.Id, recipients, now, options.Value.ChunkSize);
        var resolvedIn = clock.Elapsed;

        var planned = await warnings.UpdateAsync(warningId, w => w.Status == WarningStatus.Accepted ? w with { Status = WarningStatus.Planned } : w, cancellationToken);
        if (planned is null || planned.IsClosedFor(now))
        {
            // Retracted between the read and now: nothing has been written yet, so nothing goes out.
            logger.LogInformation("Warning {WarningId} closed while it was planned; nothing sent", warningId);
            return PlanOutcome.Closed;
        }

        var added = 0;
        await Parallel.ForEachAsync(
            chunks,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.PlannerParallelism, CancellationToken = cancellationToken },
            async (chunk, token) =>
            {
                var written = await deliveries.AddAsync(chunk.Rows, token);
                Interlocked.Add(ref added, written);
                telemetry.DeliveriesPlanned.Add(written, new KeyValuePair<string, object?>("channel", chunk.Channel.ToWireName()));
                var batch = new DeliveryBatch(
                    chunk.MessageId(warning.Id),
                    warning.Id,
                    chunk.Channel,
                    chunk.PartitionKey,
                    Attempt: 1,
                    [.. chunk.Rows.Select(r => new DeliveryBatchRecipient(r.RowKey, r.Address))]) { Verify = rerun };
                await publisher.PublishAsync(batch, warning.ExpiresAt, chunk.DeferUntil, token);
            });

        await warnings.UpdateAsync(warningId, w => w.Status is WarningStatus.Accepted or WarningStatus.Planned ? w with { Status = WarningStatus.Delivering } : w, cancellationToken);
        logger.LogInformation(
            "Warning {WarningId} planned: {Recipients} recipients ({Added} rows added) in {Chunks} batches; audience resolved in {ResolveMs} ms, planned in {TotalMs} ms",
            warningId,
            chunks.Sum(c => c.Rows.Count),
            added,
            chunks.Count,
            (long)resolvedIn.TotalMilliseconds,
            (long)clock.Elapsed.TotalMilliseconds);
        return PlanOutcome.Planned;
    }

    private async Task RecordClosedAsync(Warning warning, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A warning that ran out of time before it was planned is recorded as Expired, so the
        // status API says why nothing went out; a retracted one is already Cancelled.
        if (warning.Status is not (WarningStatus.Cancelled or WarningStatus.Expired))
        {
            await warnings.UpdateAsync(warning.Id, w => w.Status is WarningStatus.Cancelled or WarningStatus.Expired ? w : w with { Status = WarningStatus.Expired }, cancellationToken);
        }

        logger.LogInformation("Warning {WarningId} is closed ({Status}, expires {ExpiresAt}); not planned", warning.Id, warning.Status, warning.ExpiresAt);
    }
}

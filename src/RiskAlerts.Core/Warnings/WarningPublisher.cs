using Microsoft.Extensions.Logging;

namespace RiskAlerts.Core.Warnings;

/// <summary>
/// Hands a stored, accepted warning to the <c>warnings</c> queue and records that it did. A warning
/// that waits for approval (or whose life ended) is not published. A publish that fails leaves the
/// warning unpublished in the store, where the outbox sweep finds it.
/// </summary>
public sealed class WarningPublisher(IWarningStore store, IWarningQueue queue, TimeProvider timeProvider, ILogger<WarningPublisher> logger)
{
    /// <returns>The warning, with <see cref="Warning.PublishedAt"/> set when it is on the queue.</returns>
    public async Task<Warning> EnsurePublishedAsync(Warning warning, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(warning);
        if (warning.PublishedAt is not null || warning.Status != WarningStatus.Accepted)
        {
            return warning;
        }

        try
        {
            await queue.PublishAsync(warning, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The warning is stored, so it is accepted: the outbox sweep publishes it when the queue is back.
            logger.LogWarning(ex, "Warning {WarningId} stored but not yet queued; the outbox sweep will publish it", warning.Id);
            return warning;
        }

        var publishedAt = timeProvider.GetUtcNow();
        await store.MarkPublishedAsync(warning.Id, publishedAt, cancellationToken);
        return warning with { PublishedAt = publishedAt };
    }
}

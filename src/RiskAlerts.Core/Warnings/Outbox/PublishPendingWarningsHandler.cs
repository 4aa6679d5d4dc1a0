using Microsoft.Extensions.Logging;

namespace RiskAlerts.Core.Warnings.Outbox;

/// <summary>
/// The outbox sweep: publishes warnings that were stored but never reached the <c>warnings</c>
/// queue (the queue was down, or the process stopped between the two). Publishing twice is
/// harmless: the message id is the warning id and duplicate detection drops the second.
/// </summary>
public sealed class PublishPendingWarningsHandler(IWarningStore store, IWarningQueue queue, TimeProvider timeProvider, ILogger<PublishPendingWarningsHandler> logger)
{
    /// <summary>Younger warnings are probably still being published by their own request.</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(30);

    public const int MaxPerSweep = 500;

    /// <returns>How many warnings were published.</returns>
    public async Task<int> HandleAsync(CancellationToken cancellationToken = default)
    {
        var pending = await store.FindUnpublishedAsync(timeProvider.GetUtcNow() - GracePeriod, MaxPerSweep, cancellationToken);
        foreach (var warning in pending)
        {
            await queue.PublishAsync(warning, cancellationToken);
            await store.MarkPublishedAsync(warning.Id, timeProvider.GetUtcNow(), cancellationToken);
            logger.LogInformation("Outbox sweep published warning {WarningId}, accepted at {AcceptedAt}", warning.Id, warning.AcceptedAt);
        }

        return pending.Count;
    }
}

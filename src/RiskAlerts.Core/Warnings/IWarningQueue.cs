namespace RiskAlerts.Core.Warnings;

/// <summary>The <c>warnings</c> queue that hands accepted warnings to the planner.</summary>
public interface IWarningQueue
{
    /// <summary>
    /// Publishes the warning's id. The message id is the warning id, so a second publish of the
    /// same warning (a retry, the outbox sweep) is dropped by duplicate detection.
    /// </summary>
    Task PublishAsync(Warning warning, CancellationToken cancellationToken = default);
}

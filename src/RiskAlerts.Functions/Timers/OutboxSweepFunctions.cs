using Microsoft.Azure.Functions.Worker;
using RiskAlerts.Core.Warnings.Outbox;

namespace RiskAlerts.Functions.Timers;

/// <summary>Re-publishes accepted warnings that never reached the <c>warnings</c> queue.</summary>
public sealed class OutboxSweepFunctions(PublishPendingWarningsHandler publishPending)
{
    /// <summary>Every minute; <c>OutboxSweepSchedule</c> overrides it (six-field NCRONTAB, seconds first).</summary>
    public const string ScheduleSetting = "%OutboxSweepSchedule%";

    [Function(nameof(SweepOutbox))]
    public Task SweepOutbox([TimerTrigger(ScheduleSetting)] TimerInfo timer, CancellationToken cancellationToken) =>
        publishPending.HandleAsync(cancellationToken);
}

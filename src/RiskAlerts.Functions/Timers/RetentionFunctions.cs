using Microsoft.Azure.Functions.Worker;
using RiskAlerts.Core.Privacy.Retention;

namespace RiskAlerts.Functions.Timers;

/// <summary>Pseudonymises the delivery rows of warnings older than the retention period.</summary>
public sealed class RetentionFunctions(PseudonymiseOldDeliveriesHandler pseudonymiseOld)
{
    /// <summary>Daily at 03:00 China time (19:00 UTC); <c>RetentionSchedule</c> overrides it (six-field NCRONTAB, seconds first).</summary>
    public const string ScheduleSetting = "%RetentionSchedule%";

    [Function(nameof(PseudonymiseOldDeliveries))]
    public Task PseudonymiseOldDeliveries([TimerTrigger(ScheduleSetting)] TimerInfo timer, CancellationToken cancellationToken) =>
        pseudonymiseOld.HandleAsync(cancellationToken);
}

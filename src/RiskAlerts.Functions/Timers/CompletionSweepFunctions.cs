using Microsoft.Azure.Functions.Worker;
using RiskAlerts.Core.Warnings.Complete;

namespace RiskAlerts.Functions.Timers;

/// <summary>Marks Delivering warnings with nothing left to send Completed.</summary>
public sealed class CompletionSweepFunctions(CompleteSettledWarningsHandler completeSettled)
{
    /// <summary>Every 15 seconds; <c>CompletionSweepSchedule</c> overrides it (six-field NCRONTAB, seconds first).</summary>
    public const string ScheduleSetting = "%CompletionSweepSchedule%";

    [Function(nameof(SweepCompletedWarnings))]
    public Task SweepCompletedWarnings([TimerTrigger(ScheduleSetting)] TimerInfo timer, CancellationToken cancellationToken) =>
        completeSettled.HandleAsync(cancellationToken);
}

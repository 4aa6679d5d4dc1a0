using Microsoft.Azure.Functions.Worker;
using RiskAlerts.Core.Privacy.Retention;

namespace RiskAlerts.Functions.Timers;

/// <summary>
/// The daily retention runs, on one schedule but as separate functions, so that one failing does
/// not hold back the others: delivery rows of old warnings are pseudonymised, old operator audit
/// entries and consent events superseded long enough ago are deleted.
/// </summary>
public sealed class RetentionFunctions(
    PseudonymiseOldDeliveriesHandler pseudonymiseOld,
    DeleteOldAuditEntriesHandler deleteOldAudit,
    DeleteExpiredConsentEventsHandler deleteExpiredConsents)
{
    /// <summary>Daily at 03:00 China time (19:00 UTC); <c>RetentionSchedule</c> overrides it (six-field NCRONTAB, seconds first).</summary>
    public const string ScheduleSetting = "%RetentionSchedule%";

    [Function(nameof(PseudonymiseOldDeliveries))]
    public Task PseudonymiseOldDeliveries([TimerTrigger(ScheduleSetting)] TimerInfo timer, CancellationToken cancellationToken) =>
        pseudonymiseOld.HandleAsync(cancellationToken);

    [Function(nameof(DeleteOldAuditEntries))]
    public Task DeleteOldAuditEntries([TimerTrigger(ScheduleSetting)] TimerInfo timer, CancellationToken cancellationToken) =>
        deleteOldAudit.HandleAsync(cancellationToken);

    [Function(nameof(DeleteExpiredConsentEvents))]
    public Task DeleteExpiredConsentEvents([TimerTrigger(ScheduleSetting)] TimerInfo timer, CancellationToken cancellationToken) =>
        deleteExpiredConsents.HandleAsync(cancellationToken);
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Registrations.Consent;
using RiskAlerts.Core.Registrations.OptOut;

namespace RiskAlerts.Core.Privacy.Retention;

/// <summary>
/// Deletes the consent events that have outlived their purpose (<see cref="ConsentRetention"/>):
/// what a withdrawal superseded, <see cref="ConsentOptions.RetentionMonthsAfterWithdrawal"/> months
/// after it. Each enterprise is settled as a whole; a run stops after
/// <see cref="RetentionOptions.MaxRowsPerRun"/> deletions and the next, finding what is still there,
/// goes on.
/// </summary>
public sealed class DeleteExpiredConsentEventsHandler(
    IConsentLog log,
    IOptions<ConsentOptions> consentOptions,
    IOptions<RetentionOptions> retentionOptions,
    TimeProvider timeProvider,
    ILogger<DeleteExpiredConsentEventsHandler> logger)
{
    /// <summary>Runs once.</summary>
    public async Task<RetentionDeletion> HandleAsync(CancellationToken cancellationToken = default)
    {
        var withdrawnBefore = timeProvider.GetUtcNow().AddMonths(-consentOptions.Value.RetentionMonthsAfterWithdrawal);
        var max = retentionOptions.Value.MaxRowsPerRun;
        var deleted = 0;
        var enterprises = 0;
        await foreach (var uscc in log.EnterprisesWithdrawnBeforeAsync(withdrawnBefore, cancellationToken))
        {
            if (deleted >= max)
            {
                logger.LogInformation("Retention: stopped after {Events} consent events of {Enterprises} enterprises, its bound; the next run goes on", deleted, enterprises);
                return new RetentionDeletion(deleted, Finished: false);
            }

            var expired = ConsentRetention.Expired(await log.ListAsync(uscc, cancellationToken), withdrawnBefore);
            if (expired.Count == 0)
            {
                continue;
            }

            await log.DeleteAsync(uscc, expired, cancellationToken);
            deleted += expired.Count;
            enterprises++;
        }

        if (deleted > 0)
        {
            logger.LogInformation("Retention: {Events} consent events of {Enterprises} enterprises, superseded by withdrawals before {WithdrawnBefore:O}, deleted", deleted, enterprises, withdrawnBefore);
        }

        return new RetentionDeletion(deleted, Finished: true);
    }
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Operations.Audit;

namespace RiskAlerts.Core.Privacy.Retention;

/// <summary>What one run of a deleting retention did.</summary>
/// <param name="Deleted">Rows deleted.</param>
/// <param name="Finished">False when the run stopped at its bound: the next run goes on.</param>
public sealed record RetentionDeletion(int Deleted, bool Finished);

/// <summary>
/// Deletes operator audit entries of the UTC days older than <see cref="RetentionOptions.AuditEntriesAfter"/>.
/// Nothing is remembered between runs: whatever is still there is still due, so a run cut short
/// (its bound, a crash) is finished by the next.
/// </summary>
public sealed class DeleteOldAuditEntriesHandler(
    IOperatorAuditTrail audit,
    IOptions<RetentionOptions> options,
    TimeProvider timeProvider,
    ILogger<DeleteOldAuditEntriesHandler> logger)
{
    /// <summary>Runs once.</summary>
    public async Task<RetentionDeletion> HandleAsync(CancellationToken cancellationToken = default)
    {
        var firstKeptDay = DateOnly.FromDateTime((timeProvider.GetUtcNow() - options.Value.AuditEntriesAfter).UtcDateTime);
        var max = options.Value.MaxRowsPerRun;
        var deleted = await audit.DeleteBeforeAsync(firstKeptDay, max, cancellationToken);
        if (deleted > 0)
        {
            logger.LogInformation("Retention: {Entries} operator audit entries of the days before {FirstKeptDay:yyyy-MM-dd} deleted", deleted, firstKeptDay);
        }

        return new RetentionDeletion(deleted, Finished: deleted < max);
    }
}

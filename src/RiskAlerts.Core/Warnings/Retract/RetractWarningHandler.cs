using Microsoft.Extensions.Logging;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Core.Warnings.Retract;

/// <summary>
/// Retracts a warning: it becomes Cancelled, and the planner and senders send nothing more for it.
/// Retracting a warning that is already retracted answers the same result.
/// </summary>
public sealed class RetractWarningHandler(IWarningStore store, TimeProvider timeProvider, ILogger<RetractWarningHandler> logger)
{
    public const int MaxReasonLength = 500;

    /// <returns>The retracted warning, or null when there is no such warning.</returns>
    /// <exception cref="WarningClosedException">The warning has expired; there is nothing to retract.</exception>
    public async Task<Warning?> HandleAsync(string warningId, string? reason, Principal principal, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw RequestValidationException.For("reason", FieldErrorCode.Required, "is required: say why the warning is retracted");
        }

        if (reason.Length > MaxReasonLength)
        {
            throw RequestValidationException.For("reason", FieldErrorCode.TooLong, $"must be at most {MaxReasonLength} characters", MaxReasonLength);
        }

        if (!WarningId.IsWellFormed(warningId))
        {
            return null;
        }

        // Another organisation's warning is not found: it may not be retracted, nor its existence learnt.
        if (await store.FindAsync(warningId, cancellationToken) is not { } found || !WarningAccess.MaySee(principal, found))
        {
            return null;
        }

        var now = timeProvider.GetUtcNow();
        var retracted = await store.UpdateAsync(
            warningId,
            warning => warning.Status switch
            {
                WarningStatus.Cancelled => warning,
                WarningStatus.Expired or WarningStatus.Superseded => throw new WarningClosedException(warning.Id, warning.Status),
                _ => (warning with { Status = WarningStatus.Cancelled, RetractedAt = now, RetractedBy = principal.Name, RetractionReason = reason.Trim() })
                    .WithStep(WarningStepKind.Retracted, principal.Name, now, reason.Trim()),
            },
            cancellationToken);
        if (retracted is not null)
        {
            logger.LogInformation("Warning {WarningId} retracted by {Principal}", warningId, principal.Name);
        }

        return retracted;
    }
}

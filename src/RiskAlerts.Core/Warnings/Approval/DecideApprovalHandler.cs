using Microsoft.Extensions.Logging;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Core.Warnings.Approval;

/// <summary>
/// An approver's decision on a warning that waits for approval: approved, it is published and
/// planned like any other; rejected, with a reason, nothing is sent. The decision is a second pair
/// of eyes, so the principal who submitted the warning may not take it (403). Deciding the same way
/// twice answers the same result; deciding otherwise after a decision is a conflict (409).
/// </summary>
public sealed class DecideApprovalHandler(IWarningStore store, WarningPublisher publisher, TimeProvider timeProvider, ILogger<DecideApprovalHandler> logger)
{
    public const int MaxReasonLength = 500;

    /// <returns>The approved warning, or null when there is no such warning the approver may see.</returns>
    /// <exception cref="AccessDeniedException">The approver submitted the warning.</exception>
    /// <exception cref="WarningClosedException">The warning does not wait for approval (rejected, retracted, expired, or never held).</exception>
    public async Task<Warning?> ApproveAsync(string warningId, string? reason, Principal approver, CancellationToken cancellationToken = default)
    {
        var note = Reason(reason, required: false);
        var approved = await DecideAsync(warningId, approver, WarningStepKind.Approved, WarningStatus.Accepted, note, cancellationToken);
        return approved is null ? null : await publisher.EnsurePublishedAsync(approved, cancellationToken);
    }

    /// <returns>The rejected warning, or null when there is no such warning the approver may see.</returns>
    /// <exception cref="AccessDeniedException">The approver submitted the warning.</exception>
    /// <exception cref="WarningClosedException">The warning does not wait for approval.</exception>
    public Task<Warning?> RejectAsync(string warningId, string? reason, Principal approver, CancellationToken cancellationToken = default) =>
        DecideAsync(warningId, approver, WarningStepKind.Rejected, WarningStatus.Rejected, Reason(reason, required: true), cancellationToken);

    private async Task<Warning?> DecideAsync(string warningId, Principal approver, WarningStepKind decision, WarningStatus outcome, string? note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approver);
        if (!WarningId.IsWellFormed(warningId)
            || await store.FindAsync(warningId, cancellationToken) is not { } found
            || !WarningAccess.MaySee(approver, found))
        {
            return null;
        }

        if (string.Equals(found.SubmittedBy, approver.Name, StringComparison.Ordinal))
        {
            throw AccessDeniedException.Forbidden($"{approver.Name} submitted warning {warningId}: a second principal approves or rejects it.");
        }

        var now = timeProvider.GetUtcNow();
        var decided = await store.UpdateAsync(
            warningId,
            warning =>
            {
                var earlier = warning.Trail.LastOrDefault(s => s.Kind is WarningStepKind.Approved or WarningStepKind.Rejected);
                if (earlier is not null)
                {
                    // Taken already: the same decision again is answered as it was; the other one is too late.
                    return earlier.Kind == decision ? warning : throw new WarningClosedException($"Warning {warningId} was already {earlier.Kind.ToString().ToLowerInvariant()} by {earlier.By}.");
                }

                if (warning.Status != WarningStatus.PendingApproval)
                {
                    throw new WarningClosedException($"Warning {warningId} is {warning.Status}: it does not wait for approval.");
                }

                if (now >= warning.ExpiresAt)
                {
                    throw new WarningClosedException($"Warning {warningId} expired at {warning.ExpiresAt:O} while it waited for approval.");
                }

                return (warning with { Status = outcome }).WithStep(decision, approver.Name, now, note);
            },
            cancellationToken);
        if (decided is not null)
        {
            logger.LogInformation("Warning {WarningId} {Decision} by {Approver}", warningId, decision, approver.Name);
        }

        return decided;
    }

    private static string? Reason(string? reason, bool required)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return required ? throw RequestValidationException.For("reason", "is required: say why the warning is rejected") : null;
        }

        var trimmed = reason.Trim();
        return trimmed.Length > MaxReasonLength
            ? throw RequestValidationException.For("reason", $"must be at most {MaxReasonLength} characters")
            : trimmed;
    }
}

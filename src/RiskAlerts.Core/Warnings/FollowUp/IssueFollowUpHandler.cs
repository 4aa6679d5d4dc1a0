using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Idempotency;
using RiskAlerts.Core.Organisations;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Validation;
using RiskAlerts.Core.Warnings.Submit;

namespace RiskAlerts.Core.Warnings.FollowUp;

/// <summary>
/// Issues a CAP Update or Cancel of a warning. It is a new warning that references the earlier
/// versions and is accepted as a submission is: the same jurisdiction check, approval policy and
/// idempotency. The planner, once it is accepted (or approved), stops the version it replaces and
/// plans it from the earlier versions' Deliveries rows (see <c>EarlierRecipients</c>).
/// </summary>
public sealed class IssueFollowUpHandler(WarningDraftParser parser, IssuingAuthority authority, IWarningStore store, SubmitWarningHandler submit, TimeProvider timeProvider)
{
    public const int MaxReasonLength = 500;

    /// <summary>
    /// Issues an Update: the fields given replace the earlier version's (the area, text, severity,
    /// expiry, ...); those left out stay as they were, and it takes effect now unless it says otherwise.
    /// </summary>
    /// <returns>The Update, or null when there is no such warning (or it is another organisation's).</returns>
    /// <exception cref="WarningClosedException">The warning is no longer open to an update: expired, retracted, rejected, replaced, or still waiting for approval.</exception>
    public async Task<SubmitWarningOutcome?> UpdateAsync(string warningId, SubmitWarningCommand changes, Principal principal, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (await FindAsync(warningId, principal, cancellationToken) is not { } earlier)
        {
            return null;
        }

        var command = Merge(earlier, changes);
        parser.TryParse(command, string.Empty, out var draft).ThrowIfAny();
        var organisation = await authority.AuthoriseAsync(principal, draft!.Audience, cancellationToken);
        return await AcceptAsync(earlier, WarningMessageType.Update, draft, principal, organisation, idempotencyKey, new FollowUpRequest(warningId, WarningMessageType.Update, changes, null), cancellationToken);
    }

    /// <summary>Issues a Cancel with a reason: it reaches only those the earlier versions were sent to.</summary>
    /// <returns>The Cancel, or null when there is no such warning (or it is another organisation's).</returns>
    /// <exception cref="WarningClosedException">The warning is no longer open to a cancel.</exception>
    public async Task<SubmitWarningOutcome?> CancelAsync(string warningId, string? reason, Principal principal, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw RequestValidationException.For("reason", FieldErrorCode.Required, "is required: say why the warning is called off");
        }

        if (reason.Length > MaxReasonLength)
        {
            throw RequestValidationException.For("reason", FieldErrorCode.TooLong, $"must be at most {MaxReasonLength} characters", MaxReasonLength);
        }

        if (await FindAsync(warningId, principal, cancellationToken) is not { } earlier)
        {
            return null;
        }

        // The cancel keeps the earlier audience (its jurisdiction and approval are judged on it) and
        // lives a day from now, so that a channel paused for a while still carries it.
        var now = timeProvider.GetUtcNow();
        var draft = new WarningDraft(
            earlier.Headline,
            reason.Trim(),
            null,
            earlier.Audience,
            earlier.Urgency,
            earlier.Certainty,
            now,
            now + WarningDraftParser.DefaultLifetime,
            earlier.Language,
            null);
        var organisation = await authority.AuthoriseAsync(principal, draft.Audience, cancellationToken);
        return await AcceptAsync(earlier, WarningMessageType.Cancel, draft, principal, organisation, idempotencyKey, new FollowUpRequest(warningId, WarningMessageType.Cancel, null, reason), cancellationToken);
    }

    private async Task<Warning?> FindAsync(string warningId, Principal principal, CancellationToken cancellationToken) =>
        WarningId.IsWellFormed(warningId) && await store.FindAsync(warningId, cancellationToken) is { } found && WarningAccess.MaySee(principal, found)
            ? found
            : null;

    private Task<SubmitWarningOutcome> AcceptAsync(Warning earlier, WarningMessageType messageType, WarningDraft draft, Principal principal, IssuingOrganisation organisation, string? idempotencyKey, FollowUpRequest request, CancellationToken cancellationToken) =>
        submit.AcceptAsync(
            draft,
            principal,
            organisation,
            idempotencyKey is null ? null : (idempotencyKey, RequestHash.Of(request, CoreJsonContext.Default.FollowUpRequest)),
            cancellationToken,
            new FollowUpOf(messageType, earlier));

    /// <summary>The earlier version as a submission, with the fields the update gives in its place.</summary>
    private static SubmitWarningCommand Merge(Warning earlier, SubmitWarningCommand changes) => new()
    {
        Category = changes.Category ?? earlier.Category,
        Headline = changes.Headline ?? earlier.Headline,
        Description = changes.Description ?? earlier.Description,
        Instruction = changes.Instruction ?? earlier.Instruction,
        Severity = changes.Severity ?? earlier.Severity.ToString(),
        Urgency = changes.Urgency ?? earlier.Urgency.ToString(),
        Certainty = changes.Certainty ?? earlier.Certainty.ToString(),
        Regions = changes.Regions ?? [.. earlier.Audience.Regions.Select(r => r.ToString())],
        Industries = changes.Industries ?? [.. earlier.Audience.Industries.Select(i => i.ToString())],
        Targets = changes.Targets ?? [.. earlier.Audience.ExplicitTargets.Select(t => t.Value)],
        Channels = changes.Channels ?? [.. earlier.Audience.Channels.Select(c => c.ToWireName())],
        EffectiveAt = changes.EffectiveAt,
        ExpiresAt = changes.ExpiresAt ?? earlier.ExpiresAt,
        Language = changes.Language ?? earlier.Language,
    };
}

/// <summary>What an Update or Cancel request asked, as its idempotency key's fingerprint: the same key for another warning or change is a conflict.</summary>
/// <param name="WarningId">The warning it follows.</param>
/// <param name="MessageType">Update or Cancel.</param>
/// <param name="Changes">An Update's fields.</param>
/// <param name="Reason">A Cancel's reason.</param>
public sealed record FollowUpRequest(string WarningId, WarningMessageType MessageType, SubmitWarningCommand? Changes, string? Reason);

/// <summary>An Update or Cancel being accepted, and the earlier version it follows as it was read.</summary>
/// <param name="MessageType">Update or Cancel.</param>
/// <param name="Earlier">The version it replaces.</param>
public sealed record FollowUpOf(WarningMessageType MessageType, Warning Earlier)
{
    /// <summary>Every earlier version, oldest first: those the earlier one followed, then itself.</summary>
    public IReadOnlyList<WarningReference> References => [.. Earlier.References, new WarningReference(Earlier.Id, Earlier.Headline, Earlier.AcceptedAt)];

    /// <summary>
    /// Refuses a version that may no longer be followed: it ended (expired, retracted, rejected,
    /// replaced), was never sent out (waits for approval), or is itself a Cancel, the last word on its warning.
    /// </summary>
    /// <exception cref="WarningClosedException">The version is closed.</exception>
    public void EnsureOpen(DateTimeOffset now)
    {
        if (Earlier.IsClosedFor(now) || Earlier.Status == WarningStatus.PendingApproval || Earlier.SupersededBy is not null || Earlier.MessageType == WarningMessageType.Cancel)
        {
            throw new WarningClosedException(Earlier.Id, Earlier.Status);
        }
    }
}

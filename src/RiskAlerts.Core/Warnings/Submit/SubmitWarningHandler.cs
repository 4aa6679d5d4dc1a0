using Microsoft.Extensions.Logging;
using RiskAlerts.Core.Idempotency;
using RiskAlerts.Core.Organisations;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Telemetry;
using RiskAlerts.Core.Warnings.Approval;
using RiskAlerts.Core.Warnings.FollowUp;

namespace RiskAlerts.Core.Warnings.Submit;

/// <summary>
/// Accepts a warning: validates it, checks that the submitter's organisation may issue it (its
/// jurisdiction), stores it, then hands it to the <c>warnings</c> queue, unless it must first wait for
/// a second principal's approval (<see cref="ApprovalPolicy"/>): then it is stored PendingApproval
/// and published only when approved. Storing comes first so nothing accepted is lost: a warning
/// whose publish fails stays unpublished in the store, where the outbox sweep finds and publishes it.
/// </summary>
public sealed class SubmitWarningHandler(
    WarningDraftParser parser,
    IssuingAuthority authority,
    ApprovalPolicy approvals,
    IWarningStore store,
    WarningPublisher publisher,
    IIdempotencyStore idempotencyKeys,
    RiskAlertsTelemetry telemetry,
    TimeProvider timeProvider,
    ILogger<SubmitWarningHandler> logger)
{
    /// <param name="command">The warning as sent.</param>
    /// <param name="submitter">The authenticated caller.</param>
    /// <param name="idempotencyKey">The caller's <c>Idempotency-Key</c>, if any.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<SubmitWarningOutcome> HandleAsync(SubmitWarningCommand command, Principal submitter, string? idempotencyKey, CancellationToken cancellationToken = default)
    {
        parser.TryParse(command, string.Empty, out var draft).ThrowIfAny();
        var organisation = await authority.AuthoriseAsync(submitter, draft!.Audience, cancellationToken);
        return await AcceptAsync(draft, submitter, organisation, idempotencyKey is null ? null : (idempotencyKey, RequestHash.Of(command, CoreJsonContext.Default.SubmitWarningCommand)), cancellationToken);
    }

    /// <summary>
    /// Accepts an already parsed and authorised warning (platform signals parse and check their
    /// items themselves), or an Update or Cancel (<paramref name="followUp"/>) of an earlier one.
    /// </summary>
    internal async Task<SubmitWarningOutcome> AcceptAsync(WarningDraft draft, Principal submitter, IssuingOrganisation organisation, (string Key, string RequestHash)? idempotency, CancellationToken cancellationToken, FollowUpOf? followUp = null)
    {
        var acceptedAt = timeProvider.GetUtcNow();
        var warningId = WarningId.New(acceptedAt);

        if (idempotency is { } claim)
        {
            var record = await idempotencyKeys.ClaimAsync(submitter.Name, claim.Key, claim.RequestHash, warningId, cancellationToken);
            if (!record.IsNew)
            {
                if (!string.Equals(record.RequestHash, claim.RequestHash, StringComparison.Ordinal))
                {
                    throw new IdempotencyConflictException(claim.Key);
                }

                var earlier = await store.FindAsync(record.ResourceId, cancellationToken);
                if (earlier is not null)
                {
                    return new SubmitWarningOutcome(await publisher.EnsurePublishedAsync(earlier, cancellationToken), Replayed: true);
                }

                // The first attempt claimed the key but stopped before storing: finish its work under its id.
                warningId = record.ResourceId;
            }
        }

        // Checked after the replay above: once planned, a follow-up has closed the version it follows.
        followUp?.EnsureOpen(acceptedAt);
        var heldBecause = await approvals.HoldReasonAsync(draft, submitter, organisation, cancellationToken);
        var warning = new Warning
        {
            Id = warningId,
            Source = submitter.IsInRole(Role.Platform) ? submitter.Name : Role.Analyst,
            Organisation = organisation.Code,
            OrganisationName = organisation.Name,
            ExternalId = draft.ExternalId,
            Headline = draft.Headline,
            Description = draft.Description,
            Instruction = draft.Instruction,
            Audience = draft.Audience,
            Urgency = draft.Urgency,
            Certainty = draft.Certainty,
            EffectiveAt = draft.EffectiveAt,
            ExpiresAt = draft.ExpiresAt,
            Language = draft.Language,
            Status = heldBecause is null ? WarningStatus.Accepted : WarningStatus.PendingApproval,
            AcceptedAt = acceptedAt,
            SubmittedBy = submitter.Name,
            HeldBecause = heldBecause,
            MessageType = followUp?.MessageType ?? WarningMessageType.Alert,
            References = followUp?.References ?? [],
        }.WithStep(WarningStepKind.Submitted, submitter.Name, acceptedAt);
        if (heldBecause is not null)
        {
            warning = warning.WithStep(WarningStepKind.HeldForApproval, submitter.Name, acceptedAt, heldBecause);
        }

        await store.InsertAsync(warning, cancellationToken);
        telemetry.WarningsAccepted.Add(1, new KeyValuePair<string, object?>("source.kind", submitter.IsInRole(Role.Platform) ? "platform" : "analyst"), new KeyValuePair<string, object?>("severity", warning.Severity.ToString()));
        logger.LogInformation(
            "Warning {WarningId} accepted from {Source} of {Organisation} as {Status}: category {Category}, severity {Severity}, {RegionCount} regions, {TargetCount} explicit targets",
            warning.Id, warning.Source, warning.Organisation, warning.Status, warning.Category, warning.Severity, warning.Audience.Regions.Count, warning.Audience.ExplicitTargets.Count);
        return new SubmitWarningOutcome(await publisher.EnsurePublishedAsync(warning, cancellationToken), Replayed: false);
    }
}

/// <summary>The accepted warning, and whether it was accepted by an earlier request with the same idempotency key.</summary>
public sealed record SubmitWarningOutcome(Warning Warning, bool Replayed);

using Microsoft.Extensions.Logging;
using RiskAlerts.Core.Idempotency;
using RiskAlerts.Core.Organisations;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Telemetry;

namespace RiskAlerts.Core.Warnings.Submit;

/// <summary>
/// Accepts a warning: validates it, checks that the submitter's organisation may issue it (its
/// jurisdiction), stores it, then hands it to the <c>warnings</c> queue.
/// Storing comes first so nothing accepted is lost: a warning whose publish fails stays
/// unpublished in the store, where the outbox sweep finds and publishes it.
/// </summary>
public sealed class SubmitWarningHandler(
    WarningDraftParser parser,
    IssuingAuthority authority,
    IWarningStore store,
    IWarningQueue queue,
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

    /// <summary>Accepts an already parsed and authorised warning (platform signals parse and check their items themselves).</summary>
    internal async Task<SubmitWarningOutcome> AcceptAsync(WarningDraft draft, Principal submitter, IssuingOrganisation organisation, (string Key, string RequestHash)? idempotency, CancellationToken cancellationToken)
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
                    return new SubmitWarningOutcome(await EnsurePublishedAsync(earlier, cancellationToken), Replayed: true);
                }

                // The first attempt claimed the key but stopped before storing: finish its work under its id.
                warningId = record.ResourceId;
            }
        }

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
            Status = WarningStatus.Accepted,
            AcceptedAt = acceptedAt,
            SubmittedBy = submitter.Name,
        };

        await store.InsertAsync(warning, cancellationToken);
        telemetry.WarningsAccepted.Add(1, new KeyValuePair<string, object?>("source.kind", submitter.IsInRole(Role.Platform) ? "platform" : "analyst"), new KeyValuePair<string, object?>("severity", warning.Severity.ToString()));
        logger.LogInformation(
            "Warning {WarningId} accepted from {Source} of {Organisation}: category {Category}, severity {Severity}, {RegionCount} regions, {TargetCount} explicit targets",
            warning.Id, warning.Source, warning.Organisation, warning.Category, warning.Severity, warning.Audience.Regions.Count, warning.Audience.ExplicitTargets.Count);
        return new SubmitWarningOutcome(await EnsurePublishedAsync(warning, cancellationToken), Replayed: false);
    }

    private async Task<Warning> EnsurePublishedAsync(Warning warning, CancellationToken cancellationToken)
    {
        if (warning.PublishedAt is not null)
        {
            return warning;
        }

        try
        {
            await queue.PublishAsync(warning, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The warning is stored, so it is accepted: the outbox sweep publishes it when the queue is back.
            logger.LogWarning(ex, "Warning {WarningId} stored but not yet queued; the outbox sweep will publish it", warning.Id);
            return warning;
        }

        var publishedAt = timeProvider.GetUtcNow();
        await store.MarkPublishedAsync(warning.Id, publishedAt, cancellationToken);
        return warning with { PublishedAt = publishedAt };
    }
}

/// <summary>The accepted warning, and whether it was accepted by an earlier request with the same idempotency key.</summary>
public sealed record SubmitWarningOutcome(Warning Warning, bool Replayed);

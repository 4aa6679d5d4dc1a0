using RiskAlerts.Core.Idempotency;
using RiskAlerts.Core.Organisations;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Validation;
using RiskAlerts.Core.Warnings.Submit;

namespace RiskAlerts.Core.Signals;

/// <summary>
/// Bulk intake for risk-monitoring platforms. Each signal becomes a warning, idempotent by the
/// platform and the signal's external id: a platform may resend a whole batch after a timeout and
/// nothing is accepted twice. Items are judged one by one: a bad item is refused with its field
/// errors and does not hold back the good ones (a signal outside the platform organisation's
/// jurisdiction too). A malformed request as a whole changes nothing.
/// </summary>
public sealed class SubmitSignalsHandler(WarningDraftParser parser, IssuingAuthority authority, SubmitWarningHandler warnings)
{
    public const int MaxItems = 500;
    private const int Parallelism = 8;

    public async Task<IReadOnlyList<SignalResult>> HandleAsync(IReadOnlyList<SubmitWarningCommand?>? items, Principal platform, CancellationToken cancellationToken = default)
    {
        if (items is null || items.Count == 0)
        {
            throw RequestValidationException.For("items", FieldErrorCode.Required, "needs at least one signal");
        }

        if (items.Count > MaxItems)
        {
            throw RequestValidationException.For("items", FieldErrorCode.TooMany, $"holds {items.Count} signals; at most {MaxItems} are allowed per request", MaxItems);
        }

        var organisation = authority.OrganisationOf(platform);
        var results = new SignalResult[items.Count];
        var firstIndexByExternalId = new Dictionary<string, int>(StringComparer.Ordinal);
        var accepted = new List<(int Index, WarningDraft Draft, string Hash)>();
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"items[{i}].";
            if (items[i] is not { } item)
            {
                results[i] = SignalResult.Rejected(null, [new FieldError($"items[{i}]", "must be a signal object, not null") { Code = FieldErrorCode.Required }]);
                continue;
            }

            var errors = parser.TryParse(item, path, out var draft);
            if (string.IsNullOrWhiteSpace(item.ExternalId))
            {
                errors.Add(path + "externalId", FieldErrorCode.Required, "is required: it makes resending a signal safe");
            }

            if (draft is not null)
            {
                errors.AddRange(await authority.CheckAsync(organisation, draft.Audience, path, cancellationToken));
            }

            if (!errors.IsEmpty)
            {
                results[i] = SignalResult.Rejected(item.ExternalId, errors);
                continue;
            }

            if (!firstIndexByExternalId.TryAdd(draft!.ExternalId!, i))
            {
                results[i] = SignalResult.Rejected(item.ExternalId, [new FieldError(path + "externalId", $"repeats items[{firstIndexByExternalId[draft.ExternalId!]}] in the same request") { Code = FieldErrorCode.Duplicate }]);
                continue;
            }

            accepted.Add((i, draft, RequestHash.Of(item, CoreJsonContext.Default.SubmitWarningCommand)));
        }

        await Parallel.ForEachAsync(
            accepted,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (signal, ct) =>
            {
                try
                {
                    var outcome = await warnings.AcceptAsync(signal.Draft, platform, organisation, ("signal:" + signal.Draft.ExternalId, signal.Hash), ct);
                    results[signal.Index] = outcome.Replayed
                        ? SignalResult.Duplicate(signal.Draft.ExternalId!, outcome.Warning.Id)
                        : SignalResult.Accepted(signal.Draft.ExternalId!, outcome.Warning.Id);
                }
                catch (IdempotencyConflictException)
                {
                    results[signal.Index] = SignalResult.Rejected(
                        signal.Draft.ExternalId,
                        [new FieldError($"items[{signal.Index}].externalId", "was already used for a different signal from this platform") { Code = FieldErrorCode.Conflict }]);
                }
            });

        return results;
    }
}

/// <summary>What became of one signal.</summary>
public sealed record SignalResult(string? ExternalId, SignalOutcome Outcome, string? WarningId, IReadOnlyList<FieldError>? Errors)
{
    public static SignalResult Accepted(string externalId, string warningId) => new(externalId, SignalOutcome.Accepted, warningId, null);

    public static SignalResult Duplicate(string externalId, string warningId) => new(externalId, SignalOutcome.Duplicate, warningId, null);

    public static SignalResult Rejected(string? externalId, IReadOnlyList<FieldError> errors) => new(externalId, SignalOutcome.Rejected, null, errors);
}

/// <summary>Accepted: a new warning. Duplicate: accepted earlier, same warning. Rejected: see the errors.</summary>
public enum SignalOutcome
{
    Accepted,
    Duplicate,
    Rejected,
}

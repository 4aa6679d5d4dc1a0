using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Validation;
using RiskAlerts.Core.Warnings;
using RiskAlerts.Core.Warnings.Get;
using RiskAlerts.Core.Warnings.List;
using RiskAlerts.Core.Warnings.Preview;
using RiskAlerts.Core.Warnings.Retract;
using RiskAlerts.Core.Warnings.Submit;
using RiskAlerts.Functions.Http;
using RiskAlerts.Functions.Security;

namespace RiskAlerts.Functions.Warnings;

/// <summary>Warnings: submit, preview, read, list and retract.</summary>
public sealed class WarningFunctions(
    RequestAuthenticator auth,
    SubmitWarningHandler submitWarning,
    PreviewWarningHandler previewWarning,
    GetWarningHandler getWarning,
    ListWarningsHandler listWarnings,
    RetractWarningHandler retractWarning)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    private const int MaxIdempotencyKeyLength = 200;

    [ApiOperation("Submit a warning for delivery (Idempotency-Key supported)", Tag = "Warnings", Roles = [Role.Analyst, Role.Admin], Request = typeof(SubmitWarningCommand), Response = typeof(WarningResponse), SuccessStatus = 202)]
    [Function(nameof(SubmitWarning))]
    public Task<IActionResult> SubmitWarning(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "warnings")] HttpRequest request,
        CancellationToken cancellationToken) =>
        HttpEndpoint.RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<WarningFunctions>(request);
            var idempotencyKey = ReadIdempotencyKey(request);
            var body = await JsonRequestReader.ReadAsync(request, ApiJsonContext.Default.SubmitWarningCommand, cancellationToken: cancellationToken);
            var outcome = await submitWarning.HandleAsync(body, principal, idempotencyKey, cancellationToken);
            var result = ApiResults.Accepted(WarningResponse.From(outcome.Warning), ApiJsonContext.Default.WarningResponse, $"/api/warnings/{outcome.Warning.Id}");
            if (outcome.Replayed)
            {
                result.Headers["Idempotent-Replayed"] = "true";
            }

            return result;
        });

    [ApiOperation("Preview who a warning would reach, writing and sending nothing", Tag = "Warnings", Roles = [Role.Analyst, Role.Admin], Request = typeof(SubmitWarningCommand), Response = typeof(AudiencePreviewResponse))]
    [Function(nameof(PreviewWarning))]
    public Task<IActionResult> PreviewWarning(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "warnings/preview")] HttpRequest request,
        CancellationToken cancellationToken) =>
        HttpEndpoint.RunAsync(async () =>
        {
            await auth.RequireAsync<WarningFunctions>(request);
            var body = await JsonRequestReader.ReadAsync(request, ApiJsonContext.Default.SubmitWarningCommand, cancellationToken: cancellationToken);
            var preview = await previewWarning.HandleAsync(body, cancellationToken);
            return ApiResults.Ok(AudiencePreviewResponse.From(preview), ApiJsonContext.Default.AudiencePreviewResponse);
        });

    [ApiOperation("Read a warning", Tag = "Warnings", Roles = [Role.Analyst, Role.Operator, Role.Admin, Role.Platform], Response = typeof(WarningResponse))]
    [Function(nameof(GetWarning))]
    public Task<IActionResult> GetWarning(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "warnings/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        HttpEndpoint.RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<WarningFunctions>(request);
            var warning = await getWarning.HandleAsync(id, cancellationToken);

            // A platform sees only its own warnings; another's is answered as if it did not exist.
            return warning is null || (!principal.IsInAnyRole([Role.Analyst, Role.Operator, Role.Admin]) && warning.SubmittedBy != principal.Name)
                ? ApiResults.NotFound($"No warning {id}.")
                : ApiResults.Ok(WarningResponse.From(warning), ApiJsonContext.Default.WarningResponse);
        });

    [ApiOperation("List warnings, a page at a time (status, category, source, from, to, pageSize, continuationToken)", Tag = "Warnings", Roles = [Role.Analyst, Role.Operator, Role.Admin, Role.Platform], Response = typeof(WarningListResponse))]
    [Function(nameof(ListWarnings))]
    public Task<IActionResult> ListWarnings(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "warnings")] HttpRequest request,
        CancellationToken cancellationToken) =>
        HttpEndpoint.RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<WarningFunctions>(request);
            var page = await listWarnings.HandleAsync(ReadQuery(request.Query), principal, cancellationToken);
            return ApiResults.Ok(new WarningListResponse([.. page.Items.Select(WarningResponse.From)], page.ContinuationToken), ApiJsonContext.Default.WarningListResponse);
        });

    [ApiOperation("Retract a warning: nothing more is sent for it", Tag = "Warnings", Roles = [Role.Analyst, Role.Admin], Request = typeof(RetractWarningRequest), Response = typeof(WarningResponse))]
    [Function(nameof(RetractWarning))]
    public Task<IActionResult> RetractWarning(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "warnings/{id}/retract")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        HttpEndpoint.RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<WarningFunctions>(request);

            // The path names the warning; one that cannot exist is not found, whatever the body says.
            if (!WarningId.IsWellFormed(id))
            {
                return ApiResults.NotFound($"No warning {id}.");
            }

            var body = await JsonRequestReader.ReadAsync(request, ApiJsonContext.Default.RetractWarningRequest, cancellationToken: cancellationToken);
            var warning = await retractWarning.HandleAsync(id, body.Reason, principal, cancellationToken);
            return warning is null
                ? ApiResults.NotFound($"No warning {id}.")
                : ApiResults.Ok(WarningResponse.From(warning), ApiJsonContext.Default.WarningResponse);
        });

    private static string? ReadIdempotencyKey(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(IdempotencyKeyHeader, out var values))
        {
            return null;
        }

        var key = values.ToString();
        if (key.Length is 0 or > MaxIdempotencyKeyLength || key.Any(c => c < 0x21 || c > 0x7e))
        {
            throw RequestValidationException.For(IdempotencyKeyHeader, FieldErrorCode.Malformed, $"must be 1 to {MaxIdempotencyKeyLength} visible ASCII characters");
        }

        return key;
    }

    private static WarningQuery ReadQuery(IQueryCollection query)
    {
        var errors = new FieldErrors();
        QueryParameters.ReportUnknown(query, ["status", "category", "source", "from", "to", "pageSize", "continuationToken"], errors);

        WarningStatus? status = null;
        if (query.TryGetValue("status", out var statusText))
        {
            if (Enum.TryParse<WarningStatus>(statusText, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) && !statusText.ToString().Any(char.IsDigit))
            {
                status = parsed;
            }
            else
            {
                errors.Add("status", FieldErrorCode.NotAllowed, $"must be one of: {string.Join(", ", Enum.GetNames<WarningStatus>())}");
            }
        }

        var from = ReadTime(query, "from", errors);
        var to = ReadTime(query, "to", errors);
        var pageSize = 50;
        if (query.TryGetValue("pageSize", out var pageSizeText) && !int.TryParse(pageSizeText, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize))
        {
            errors.Add("pageSize", FieldErrorCode.Malformed, "must be a whole number");
        }

        errors.ThrowIfAny();
        return new WarningQuery
        {
            Status = status,
            Category = NullIfEmpty(query["category"]),
            Source = NullIfEmpty(query["source"]),
            AcceptedFrom = from,
            AcceptedTo = to,
            PageSize = pageSize,
            ContinuationToken = NullIfEmpty(query["continuationToken"]),
        };
    }

    private static DateTimeOffset? ReadTime(IQueryCollection query, string name, FieldErrors errors)
    {
        if (!query.TryGetValue(name, out var text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return value;
        }

        errors.Add(name, FieldErrorCode.Malformed, "must be an ISO 8601 date and time, e.g. 2026-11-27T08:00:00+08:00");
        return null;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

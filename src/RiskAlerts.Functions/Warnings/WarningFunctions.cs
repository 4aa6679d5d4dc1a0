using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Cap;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Text;
using RiskAlerts.Core.Validation;
using RiskAlerts.Core.Warnings;
using RiskAlerts.Core.Warnings.Approval;
using RiskAlerts.Core.Warnings.FollowUp;
using RiskAlerts.Core.Warnings.Get;
using RiskAlerts.Core.Warnings.List;
using RiskAlerts.Core.Warnings.Preview;
using RiskAlerts.Core.Warnings.Retract;
using RiskAlerts.Core.Warnings.Submit;
using RiskAlerts.Functions.Http;
using RiskAlerts.Functions.Security;

namespace RiskAlerts.Functions.Warnings;

/// <summary>Warnings: submit, preview, read, list, approve or reject, update or cancel, and retract.</summary>
public sealed class WarningFunctions(
    RequestAuthenticator auth,
    SubmitWarningHandler submitWarning,
    PreviewWarningHandler previewWarning,
    GetWarningHandler getWarning,
    ListWarningsHandler listWarnings,
    DecideApprovalHandler decideApproval,
    RetractWarningHandler retractWarning,
    CapAlertWriter capAlerts,
    IssueFollowUpHandler followUps)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    private const int MaxIdempotencyKeyLength = 200;

    [ApiOperation("Submit a warning for delivery, as JSON or as one CAP 1.2 alert (Idempotency-Key supported); a CAP Update or Cancel follows the warning its references name", Tag = "Warnings", Roles = [Role.Analyst, Role.Admin], Request = typeof(SubmitWarningCommand), Response = typeof(WarningResponse), SuccessStatus = 202, AcceptsCapXml = true)]
    [Function(nameof(SubmitWarning))]
    public Task<IActionResult> SubmitWarning(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "warnings")] HttpRequest request,
        CancellationToken cancellationToken) =>
        HttpEndpoint.RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<WarningFunctions>(request);
            var idempotencyKey = ReadIdempotencyKey(request);
            SubmitWarningOutcome outcome;
            if (CapXmlContent.IsSent(request))
            {
                var alert = await CapXmlContent.ReadAsync(request, JsonRequestReader.DefaultMaxBytes, cancellationToken);
                outcome = await CapXmlContent.NamingElementsAsync(() => SubmitCapAsync(alert, principal, idempotencyKey, cancellationToken));
            }
            else
            {
                var body = await JsonRequestReader.ReadAsync(request, ApiJsonContext.Default.SubmitWarningCommand, cancellationToken: cancellationToken);
                outcome = await submitWarning.HandleAsync(body, principal, idempotencyKey, cancellationToken);
            }

            return Accepted(outcome);
        });

    [ApiOperation("Preview who a warning would reach, writing and sending nothing", Tag = "Warnings", Roles = [Role.Analyst, Role.Admin], Request = typeof(SubmitWarningCommand), Response = typeof(AudiencePreviewResponse))]
    [Function(nameof(PreviewWarning))]
    public Task<IActionResult> PreviewWarning(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "warnings/preview")] HttpRequest request,
        CancellationToken cancellationToken) =>
        HttpEndpoint.RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<WarningFunctions>(request);
            var body = await JsonRequestReader.ReadAsync(request, ApiJsonContext.Default.SubmitWarningCommand, cancellationToken: cancellationToken);
            var preview = await previewWarning.HandleAsync(body, principal, cancellationToken);
            return ApiResults.Ok(AudiencePreviewResponse.From(preview), ApiJsonContext.Default.AudiencePreviewResponse);
        });

    [ApiOperation("Read a warning, with its audit trail; as one CAP 1.2 alert under Accept: application/cap+xml", Tag = "Warnings", Roles = [Role.Analyst, Role.Approver, Role.Operator, Role.Admin, Role.Platform], Response = typeof(WarningResponse), AnswersCapXml = true)]
    [Function(nameof(GetWarning))]
    public Task<IActionResult> GetWarning(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "warnings/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        HttpEndpoint.RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<WarningFunctions>(request);
            var warning = await getWarning.HandleAsync(id, principal, cancellationToken);
            if (warning is null)
            {
                return ApiResults.NotFound($"No warning {id}.");
            }

            return CapXmlContent.IsWanted(request)
                ? new CapXmlResult(capAlerts.Write(warning))
                : ApiResults.Ok(WarningResponse.From(warning), ApiJsonContext.Default.WarningResponse);
        });

    [ApiOperation("List warnings, newest first, a page at a time (status, severity, category, q: text in the headline, source, from, to, pageSize, continuationToken); status=PendingApproval is the approvals queue. With q, a page holds the matches among up to 1,000 warnings read (more or fewer than pageSize, even none, while a continuationToken says more follow)", Tag = "Warnings", Roles = [Role.Analyst, Role.Approver, Role.Operator, Role.Admin, Role.Platform], Response = typeof(WarningListResponse))]
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

    [ApiOperation("Who a stored warning reaches now: the audience preview an approver checks", Tag = "Warnings", Roles = [Role.Analyst, Role.Approver, Role.Admin], Response = typeof(AudiencePreviewResponse))]
    [Function(nameof(GetWarningAudience))]
    public Task<IActionResult> GetWarningAudience(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "warnings/{id}/audience")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        HttpEndpoint.RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<WarningFunctions>(request);
            return await getWarning.HandleAsync(id, principal, cancellationToken) is { } warning
                ? ApiResults.Ok(AudiencePreviewResponse.From(await previewWarning.HandleAsync(warning, cancellationToken)), ApiJsonContext.Default.AudiencePreviewResponse)
                : ApiResults.NotFound($"No warning {id}.");
        });

    [ApiOperation("Approve a warning that waits for approval (not one's own): it is planned and sent", Tag = "Warnings", Roles = [Role.Approver, Role.Admin], Request = typeof(WarningDecisionRequest), Response = typeof(WarningResponse))]
    [Function(nameof(ApproveWarning))]
    public Task<IActionResult> ApproveWarning(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "warnings/{id}/approve")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        DecideAsync(request, id, decideApproval.ApproveAsync, cancellationToken);

    [ApiOperation("Reject a warning that waits for approval (not one's own), with a reason: nothing is sent", Tag = "Warnings", Roles = [Role.Approver, Role.Admin], Request = typeof(WarningDecisionRequest), Response = typeof(WarningResponse))]
    [Function(nameof(RejectWarning))]
    public Task<IActionResult> RejectWarning(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "warnings/{id}/reject")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        DecideAsync(request, id, decideApproval.RejectAsync, cancellationToken);

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

    [ApiOperation("Issue an Update of a warning (CAP msgType Update; Idempotency-Key supported): the fields given replace the earlier version's, which stops; everyone its versions were sent to gets a correction, new matches the warning", Tag = "Warnings", Roles = [Role.Analyst, Role.Admin], Request = typeof(SubmitWarningCommand), Response = typeof(WarningResponse), SuccessStatus = 202)]
    [Function(nameof(UpdateWarning))]
    public Task<IActionResult> UpdateWarning(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "warnings/{id}/updates")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        FollowUpAsync(request, id, async (principal, idempotencyKey) =>
            await followUps.UpdateAsync(id, await JsonRequestReader.ReadAsync(request, ApiJsonContext.Default.SubmitWarningCommand, cancellationToken: cancellationToken), principal, idempotencyKey, cancellationToken));

    [ApiOperation("Issue a Cancel of a warning with a reason (CAP msgType Cancel; Idempotency-Key supported): the warning stops, and everyone its versions were sent to is told it is called off", Tag = "Warnings", Roles = [Role.Analyst, Role.Admin], Request = typeof(CancelWarningRequest), Response = typeof(WarningResponse), SuccessStatus = 202)]
    [Function(nameof(CancelWarning))]
    public Task<IActionResult> CancelWarning(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "warnings/{id}/cancel")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        FollowUpAsync(request, id, async (principal, idempotencyKey) =>
            await followUps.CancelAsync(id, (await JsonRequestReader.ReadAsync(request, ApiJsonContext.Default.CancelWarningRequest, cancellationToken: cancellationToken)).Reason, principal, idempotencyKey, cancellationToken));

    /// <summary>
    /// A CAP alert: an Alert is submitted; an Update or Cancel follows the warning its references
    /// name, as <c>/updates</c> and <c>/cancel</c> would (a platform speaking CAP posts every message here).
    /// </summary>
    private async Task<SubmitWarningOutcome> SubmitCapAsync(CapSubmission alert, Principal principal, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (alert.MessageType == WarningMessageType.Alert)
        {
            return await submitWarning.HandleAsync(alert.Command, principal, idempotencyKey, cancellationToken);
        }

        var followed = alert.MessageType == WarningMessageType.Update
            ? await followUps.UpdateAsync(alert.FollowsWarningId!, alert.Command, principal, idempotencyKey, cancellationToken)
            : await followUps.CancelAsync(alert.FollowsWarningId!, alert.Reason, principal, idempotencyKey, cancellationToken);
        return followed ?? throw RequestValidationException.For("alert/references", FieldErrorCode.NotFound, $"no warning {alert.FollowsWarningId} that you may follow up");
    }

    /// <summary>An Update or Cancel: the caller is authorised for the calling function's roles; the answer is the follow-up, accepted.</summary>
    private Task<IActionResult> FollowUpAsync(
        HttpRequest request,
        string id,
        Func<Principal, string?, Task<SubmitWarningOutcome?>> issue,
        [System.Runtime.CompilerServices.CallerMemberName] string function = "") =>
        HttpEndpoint.RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<WarningFunctions>(request, function);
            if (!WarningId.IsWellFormed(id))
            {
                return ApiResults.NotFound($"No warning {id}.");
            }

            var idempotencyKey = ReadIdempotencyKey(request);
            return await issue(principal, idempotencyKey) is { } outcome
                ? Accepted(outcome)
                : ApiResults.NotFound($"No warning {id}.");
        });

    private static JsonResult<WarningResponse> Accepted(SubmitWarningOutcome outcome)
    {
        var result = ApiResults.Accepted(WarningResponse.From(outcome.Warning), ApiJsonContext.Default.WarningResponse, $"/api/warnings/{outcome.Warning.Id}");
        if (outcome.Replayed)
        {
            result.Headers["Idempotent-Replayed"] = "true";
        }

        return result;
    }

    /// <summary>An approver's decision: the caller is authorised for the calling function's roles.</summary>
    private Task<IActionResult> DecideAsync(
        HttpRequest request,
        string id,
        Func<string, string?, Principal, CancellationToken, Task<Warning?>> decide,
        CancellationToken cancellationToken,
        [System.Runtime.CompilerServices.CallerMemberName] string function = "") =>
        HttpEndpoint.RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<WarningFunctions>(request, function);
            if (!WarningId.IsWellFormed(id))
            {
                return ApiResults.NotFound($"No warning {id}.");
            }

            var body = await JsonRequestReader.ReadAsync(request, ApiJsonContext.Default.WarningDecisionRequest, cancellationToken: cancellationToken);
            return await decide(id, body.Reason, principal, cancellationToken) is { } warning
                ? ApiResults.Ok(WarningResponse.From(warning), ApiJsonContext.Default.WarningResponse)
                : ApiResults.NotFound($"No warning {id}.");
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
        var parameters = new QueryParameters(query, new FieldErrors()).RejectUnknown("status", "severity", "category", "q", "source", "from", "to", "pageSize", "continuationToken");
        var status = parameters.Member<WarningStatus>("status", ignoreCase: false);
        var severity = parameters.Member<Severity>("severity", ignoreCase: false);
        var headline = parameters.Text("q")?.Trim();
        if (headline?.Length > WarningDraftParser.MaxHeadlineLength)
        {
            parameters.Errors.Add("q", FieldErrorCode.TooLong, $"is longer than a headline's {WarningDraftParser.MaxHeadlineLength} characters", WarningDraftParser.MaxHeadlineLength);
        }

        var from = parameters.Time("from");
        var to = parameters.Time("to");
        var pageSize = parameters.WholeNumber("pageSize", 50);
        parameters.Errors.ThrowIfAny();
        return new WarningQuery
        {
            Status = status,
            Severity = severity,
            HeadlineContains = string.IsNullOrEmpty(headline) ? null : TextMatch.Key(headline),
            Category = parameters.Text("category"),
            Source = parameters.Text("source"),
            AcceptedFrom = from,
            AcceptedTo = to,
            PageSize = pageSize,
            ContinuationToken = parameters.Text("continuationToken"),
        };
    }
}

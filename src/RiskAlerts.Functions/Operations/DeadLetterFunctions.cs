using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Operations;
using RiskAlerts.Core.Operations.Audit;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Validation;
using RiskAlerts.Functions.Http;
using RiskAlerts.Functions.Security;

namespace RiskAlerts.Functions.Operations;

/// <summary>
/// Dead letters of <c>warnings</c>, <c>sms</c> and <c>email</c>: list, inspect, replay (one or all)
/// and discard with a reason. Every change is logged and kept in the audit trail with the operator's name.
/// </summary>
public sealed class DeadLetterFunctions(RequestAuthenticator auth, IDeadLetterQueues deadLetters, IOperatorAuditTrail audit, TimeProvider timeProvider)
{
    private const int MaxList = 200;

    /// <summary>The longest reason an operator may give for discarding a dead letter.</summary>
    public const int MaxDiscardReasonLength = 500;

    [ApiOperation("List dead letters of an entity (warnings, sms, email), oldest first; ?max= up to 200", Tag = "Operations", Roles = [Role.Operator, Role.Admin], Response = typeof(DeadLetterListResponse))]
    [Function(nameof(ListDeadLetters))]
    public Task<IActionResult> ListDeadLetters(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "operations/deadletters/{entity}")] HttpRequest request,
        string entity,
        CancellationToken cancellationToken) =>
        HttpEndpoint.RunAsync(async () =>
        {
            await auth.RequireAsync<DeadLetterFunctions>(request);
            var parameters = new QueryParameters(request.Query, new FieldErrors());
            var max = parameters.WholeNumber("max", 50, 1, MaxList);
            parameters.Errors.ThrowIfAny();

            var letters = await deadLetters.ListAsync(entity, max, cancellationToken);
            return ApiResults.Ok(new DeadLetterListResponse(entity, [.. letters.Select(DeadLetterResponse.From)]), ApiJsonContext.Default.DeadLetterListResponse);
        });

    [ApiOperation("Inspect one dead letter", Tag = "Operations", Roles = [Role.Operator, Role.Admin], Response = typeof(DeadLetterResponse))]
    [Function(nameof(GetDeadLetter))]
    public Task<IActionResult> GetDeadLetter(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "operations/deadletters/{entity}/{sequenceNumber}")] HttpRequest request,
        string entity,
        string sequenceNumber,
        CancellationToken cancellationToken) =>
        HttpEndpoint.RunAsync(async () =>
        {
            await auth.RequireAsync<DeadLetterFunctions>(request);
            var number = RouteValue.WholeNumber(sequenceNumber);
            var letter = await deadLetters.FindAsync(entity, number, cancellationToken);
            return letter is null
                ? ApiResults.NotFound($"No dead letter {number} in {entity}.")
                : ApiResults.Ok(DeadLetterResponse.From(letter), ApiJsonContext.Default.DeadLetterResponse);
        });

    [ApiOperation("Replay one dead letter: re-publish it and remove it from the dead-letter queue (idempotent)", Tag = "Operations", Roles = [Role.Operator, Role.Admin], Response = typeof(DeadLetterActionResponse))]
    [Function(nameof(ReplayDeadLetter))]
    public Task<IActionResult> ReplayDeadLetter(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "operations/deadletters/{entity}/{sequenceNumber}/replay")] HttpRequest request,
        string entity,
        string sequenceNumber,
        CancellationToken cancellationToken) =>
        HttpEndpoint.RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<DeadLetterFunctions>(request);
            var number = RouteValue.WholeNumber(sequenceNumber);
            if (!await deadLetters.ReplayAsync(entity, number, principal.Name, cancellationToken))
            {
                return ApiResults.NotFound($"No dead letter {number} in {entity}: it may have been replayed or discarded already.");
            }

            await RecordAsync(principal, AuditActions.DeadLetterReplay, $"{entity}/{number}", "replayed");
            return ApiResults.Ok(new DeadLetterActionResponse(entity, 1), ApiJsonContext.Default.DeadLetterActionResponse);
        });

    [ApiOperation("Replay every dead letter of an entity", Tag = "Operations", Roles = [Role.Operator, Role.Admin], Response = typeof(DeadLetterActionResponse))]
    [Function(nameof(ReplayAllDeadLetters))]
    public Task<IActionResult> ReplayAllDeadLetters(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "operations/deadletters/{entity}/replay")] HttpRequest request,
        string entity,
        CancellationToken cancellationToken) =>
        HttpEndpoint.RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<DeadLetterFunctions>(request);
            var replayed = await deadLetters.ReplayAllAsync(entity, principal.Name, cancellationToken);
            await RecordAsync(principal, AuditActions.DeadLetterReplayAll, entity, $"{replayed} replayed");
            return ApiResults.Ok(new DeadLetterActionResponse(entity, replayed), ApiJsonContext.Default.DeadLetterActionResponse);
        });

    [ApiOperation("Discard one dead letter, with the reason", Tag = "Operations", Roles = [Role.Operator, Role.Admin], Request = typeof(DiscardDeadLetterRequest), Response = typeof(DeadLetterActionResponse))]
    [Function(nameof(DiscardDeadLetter))]
    public Task<IActionResult> DiscardDeadLetter(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "operations/deadletters/{entity}/{sequenceNumber}/discard")] HttpRequest request,
        string entity,
        string sequenceNumber,
        CancellationToken cancellationToken) =>
        HttpEndpoint.RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<DeadLetterFunctions>(request);

            // The path names the dead letter; it is checked before the body says what to do with it.
            DeadLetterEntity.EnsureKnown(deadLetters, entity);
            var number = RouteValue.WholeNumber(sequenceNumber);
            var body = await JsonRequestReader.ReadAsync(request, ApiJsonContext.Default.DiscardDeadLetterRequest, cancellationToken: cancellationToken);
            if (string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Length > MaxDiscardReasonLength)
            {
                throw RequestValidationException.For(
                    "reason",
                    string.IsNullOrWhiteSpace(body.Reason) ? FieldErrorCode.Required : FieldErrorCode.TooLong,
                    $"is required, at most {MaxDiscardReasonLength} characters: say why the dead letter is given up",
                    MaxDiscardReasonLength);
            }

            if (!await deadLetters.DiscardAsync(entity, number, principal.Name, body.Reason.Trim(), cancellationToken))
            {
                return ApiResults.NotFound($"No dead letter {number} in {entity}.");
            }

            await RecordAsync(principal, AuditActions.DeadLetterDiscard, $"{entity}/{number}", body.Reason.Trim());
            return ApiResults.Ok(new DeadLetterActionResponse(entity, 1), ApiJsonContext.Default.DeadLetterActionResponse);
        });

    // The change is done; the record of it must not be lost to a caller that stopped waiting.
    private Task RecordAsync(Principal principal, string action, string target, string detail) =>
        audit.RecordAsync(new AuditEntry(timeProvider.GetUtcNow(), principal.Name, action, target, PersonalDataMask.MaskText(detail)), CancellationToken.None);
}

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using RiskAlerts.Core.Operations.Audit;
using RiskAlerts.Core.Operations.Lookup;
using RiskAlerts.Core.Operations.Overview;
using RiskAlerts.Core.Operations.Pauses;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Validation;
using RiskAlerts.Functions.Http;
using RiskAlerts.Functions.Security;

namespace RiskAlerts.Functions.Operations;

/// <summary>What operators watch: the overview, deliveries to one address, and their own audit trail.</summary>
public sealed class OperationsFunctions(
    RequestAuthenticator auth,
    GetOperationsOverviewHandler overview,
    FindDeliveriesToAddressHandler findDeliveries,
    IOperatorAuditTrail audit,
    PauseTargetCatalog pauseTargets,
    TimeProvider timeProvider)
{
    private const int MaxAuditEntries = 1_000;

    [ApiOperation(
        "The last 24 hours: warnings with their progress, success rates by channel and provider, the pauses in force, and (operators) the Service Bus backlog and dead letters; analysts see their own warnings",
        Tag = "Operations",
        Roles = [Role.Analyst, Role.Operator, Role.Admin],
        Response = typeof(OperationsOverviewResponse))]
    [Function(nameof(GetOperationsOverview))]
    public Task<IActionResult> GetOperationsOverview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "operations/overview")] HttpRequest request,
        CancellationToken cancellationToken) =>
        HttpEndpoint.RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<OperationsFunctions>(request);
            new QueryParameters(request.Query, new FieldErrors()).RejectUnknown().Errors.ThrowIfAny();
            var result = await overview.HandleAsync(principal, cancellationToken);
            return ApiResults.Ok(OperationsOverviewResponse.From(result, pauseTargets), OperationsJsonContext.Default.OperationsOverviewResponse);
        });

    [ApiOperation(
        "Deliveries to one phone number or email address (body: phone, email, or contact {uscc, contactId, channel} whose address the registry holds; days 1 to 31, default 7), masked; every lookup is recorded in the audit trail. A POST, so that the address never appears in a URL and the request logs that record URLs",
        Tag = "Operations",
        Roles = [Role.Operator, Role.Admin],
        Request = typeof(AddressLookupRequest),
        Response = typeof(AddressLookupResponse))]
    [Function(nameof(FindDeliveriesToAddress))]
    public Task<IActionResult> FindDeliveriesToAddress(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "operations/deliveries/lookup")] HttpRequest request,
        CancellationToken cancellationToken) =>
        HttpEndpoint.RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<OperationsFunctions>(request);
            var body = await JsonRequestReader.ReadAsync(request, OperationsJsonContext.Default.AddressLookupRequest, cancellationToken: cancellationToken);
            var contact = body.Contact is { } named ? new ContactAddress(named.Uscc, named.ContactId, named.Channel) : null;
            var lookup = new AddressLookup(body.Phone, body.Email, body.Days ?? FindDeliveriesToAddressHandler.DefaultDays, contact);
            var result = await findDeliveries.HandleAsync(lookup, principal, cancellationToken);
            return ApiResults.Ok(AddressLookupResponse.From(result), OperationsJsonContext.Default.AddressLookupResponse);
        });

    [ApiOperation(
        "The operators' audit trail of one UTC day (?day=yyyy-MM-dd, default today; ?max= up to 1000), newest first",
        Tag = "Operations",
        Roles = [Role.Operator, Role.Admin],
        Response = typeof(AuditTrailResponse))]
    [Function(nameof(GetAuditTrail))]
    public Task<IActionResult> GetAuditTrail(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "operations/audit")] HttpRequest request,
        CancellationToken cancellationToken) =>
        HttpEndpoint.RunAsync(async () =>
        {
            await auth.RequireAsync<OperationsFunctions>(request);
            var parameters = new QueryParameters(request.Query, new FieldErrors()).RejectUnknown("day", "max");
            var day = parameters.Day("day", DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime));
            var max = parameters.WholeNumber("max", 200, 1, MaxAuditEntries);
            parameters.Errors.ThrowIfAny();
            var entries = await audit.ListAsync(day, max, cancellationToken);
            return ApiResults.Ok(new AuditTrailResponse(day, [.. entries.Select(AuditEntryResponse.From)]), OperationsJsonContext.Default.AuditTrailResponse);
        });
}

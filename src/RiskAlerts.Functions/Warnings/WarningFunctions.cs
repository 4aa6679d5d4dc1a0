using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Warnings.Get;
using RiskAlerts.Core.Warnings.Submit;
using RiskAlerts.Functions.Http;
using RiskAlerts.Functions.Security;

namespace RiskAlerts.Functions.Warnings;

/// <summary>Warnings: submit and read.</summary>
public sealed class WarningFunctions(RequestAuthenticator auth, SubmitWarningHandler submitWarning, GetWarningHandler getWarning)
{
    [Function(nameof(SubmitWarning))]
    public Task<IActionResult> SubmitWarning(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "warnings")] HttpRequest request,
        CancellationToken cancellationToken) =>
        HttpEndpoint.RunAsync(async () =>
        {
            var principal = await auth.RequireAsync(request, Role.Analyst, Role.Admin);
            var body = await JsonRequestReader.ReadAsync(request, ApiJsonContext.Default.SubmitWarningRequest, cancellationToken: cancellationToken);
            var warning = await submitWarning.HandleAsync(
                new SubmitWarningCommand
                {
                    Headline = body.Headline,
                    Description = body.Description,
                    Severity = body.Severity,
                    RegionCode = body.RegionCode,
                    SubmittedBy = principal.Name,
                },
                cancellationToken);
            return ApiResults.Accepted(WarningResponse.From(warning), ApiJsonContext.Default.WarningResponse, $"/api/warnings/{warning.Id}");
        });

    [Function(nameof(GetWarning))]
    public Task<IActionResult> GetWarning(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "warnings/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        HttpEndpoint.RunAsync(async () =>
        {
            await auth.RequireAsync(request, Role.Analyst, Role.Operator, Role.Admin);
            var warning = await getWarning.HandleAsync(id, cancellationToken);
            return warning is null
                ? ApiResults.NotFound($"No warning {id}.")
                : ApiResults.Ok(WarningResponse.From(warning), ApiJsonContext.Default.WarningResponse);
        });
}

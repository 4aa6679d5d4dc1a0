using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using RiskAlerts.Core.Security;
using RiskAlerts.Functions.Http;
using RiskAlerts.Functions.Security;

namespace RiskAlerts.Functions.OpenApi;

/// <summary>The OpenAPI document of the whole HTTP API.</summary>
public sealed class OpenApiFunctions(RequestAuthenticator auth)
{
    [ApiOperation("The OpenAPI 3.1 document of this API", Tag = "Operations", Roles = [Role.Analyst, Role.Platform, Role.Enterprise, Role.Operator, Role.Admin])]
    [Function(nameof(OpenApiDocument))]
    public Task<IActionResult> OpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) =>
        HttpEndpoint.RunAsync(async () =>
        {
            await auth.RequireAsync<OpenApiFunctions>(request);
            return ApiResults.Ok(OpenApiDocumentBuilder.Document, ApiJsonContext.Default.JsonObject);
        });
}

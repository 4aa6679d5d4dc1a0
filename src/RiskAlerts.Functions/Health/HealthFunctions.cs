using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using RiskAlerts.Functions.Http;

namespace RiskAlerts.Functions.Health;

/// <summary>Liveness of the HTTP surface; the one endpoint that needs no principal.</summary>
public sealed class HealthFunctions
{
    [ApiOperation("Liveness of the HTTP surface", Tag = "Operations", Anonymous = true, Response = typeof(HealthResponse))]
    [Function(nameof(Health))]
    public IActionResult Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) =>
        ApiResults.Ok(new HealthResponse("ok"), ApiJsonContext.Default.HealthResponse);
}

/// <summary>Body of <c>GET /api/health</c>.</summary>
public sealed record HealthResponse(string Status);

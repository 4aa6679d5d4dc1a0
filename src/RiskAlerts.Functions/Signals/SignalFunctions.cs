using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Signals;
using RiskAlerts.Functions.Http;
using RiskAlerts.Functions.Security;

namespace RiskAlerts.Functions.Signals;

/// <summary>Bulk intake for risk-monitoring platforms.</summary>
public sealed class SignalFunctions(RequestAuthenticator auth, SubmitSignalsHandler submitSignals)
{
    /// <summary>500 signals of a few KiB each, with room for JSON overhead.</summary>
    private const int MaxBodyBytes = 4 * 1024 * 1024;

    [ApiOperation("Submit up to 500 platform signals, each idempotent by its external id", Tag = "Signals", Roles = [Role.Platform, Role.Admin], Request = typeof(SignalBatchRequest), Response = typeof(SignalBatchResponse))]
    [Function(nameof(SubmitSignals))]
    public Task<IActionResult> SubmitSignals(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "signals")] HttpRequest request,
        CancellationToken cancellationToken) =>
        HttpEndpoint.RunAsync(async () =>
        {
            var platform = await auth.RequireAsync<SignalFunctions>(request);
            var body = await JsonRequestReader.ReadAsync(request, ApiJsonContext.Default.SignalBatchRequest, MaxBodyBytes, cancellationToken);
            var results = await submitSignals.HandleAsync(body.Items, platform, cancellationToken);
            return ApiResults.Ok(SignalBatchResponse.From(results), ApiJsonContext.Default.SignalBatchResponse);
        });
}

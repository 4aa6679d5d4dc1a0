using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using RiskAlerts.Functions.Http;

namespace RiskAlerts.Functions.Console;

/// <summary>
/// The operator and analyst console: an HTML shell and its script and stylesheet. They are
/// anonymous because they carry no data; every call the page makes to the API sends the
/// bearer token the user signed in with, and is authorised there.
/// </summary>
public sealed class ConsoleFunctions
{
    [ApiOperation("The console page (an HTML shell without data; its API calls need a bearer token)", Tag = "Console", Anonymous = true)]
    [Function(nameof(ConsolePage))]
    public IActionResult ConsolePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console")] HttpRequest request) =>
        ConsoleAssets.Page.ToResult(request);

    [ApiOperation("A script or stylesheet of the console page", Tag = "Console", Anonymous = true)]
    [Function(nameof(ConsoleAsset))]
    public IActionResult ConsoleAsset(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/{asset}")] HttpRequest request,
        string asset) =>
        ConsoleAssets.Find(asset) is { } found
            ? found.ToResult(request)
            : ApiResults.NotFound($"No console asset {asset}.");
}

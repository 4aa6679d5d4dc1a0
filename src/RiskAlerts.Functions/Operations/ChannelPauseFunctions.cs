using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using RiskAlerts.Core.Operations.Pauses;
using RiskAlerts.Core.Security;
using RiskAlerts.Functions.Http;
using RiskAlerts.Functions.Security;

namespace RiskAlerts.Functions.Operations;

/// <summary>
/// Pause and resume a delivery channel (<c>sms</c>, <c>email</c>) or one SMS provider. A paused
/// channel's sender takes no messages (they wait in Service Bus); a paused provider is passed over in
/// failover. The senders see a change within their poll interval. Every change is logged with the operator's name.
/// </summary>
public sealed class ChannelPauseFunctions(
    RequestAuthenticator auth,
    PauseTargetCatalog catalog,
    ListPausesHandler listPauses,
    PauseHandler pause,
    ResumeHandler resume)
{
    [ApiOperation("List the pauses in force and the channels they stop", Tag = "Operations", Roles = [Role.Operator, Role.Admin], Response = typeof(ChannelPauseListResponse))]
    [Function(nameof(ListPauses))]
    public Task<IActionResult> ListPauses(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "operations/pauses")] HttpRequest request,
        CancellationToken cancellationToken) =>
        HttpEndpoint.RunAsync(async () =>
        {
            await auth.RequireAsync<ChannelPauseFunctions>(request);
            var state = await listPauses.HandleAsync(cancellationToken);
            return ApiResults.Ok(
                ChannelPauseListResponse.From(state, catalog),
                ApiJsonContext.Default.ChannelPauseListResponse);
        });

    [ApiOperation("Pause a channel (sms, email), with the reason: its sender takes no messages until resumed", Tag = "Operations", Roles = [Role.Operator, Role.Admin], Request = typeof(PauseRequest), Response = typeof(ChannelPauseResponse))]
    [Function(nameof(PauseChannel))]
    public Task<IActionResult> PauseChannel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "operations/pauses/channels/{channel}")] HttpRequest request,
        string channel,
        CancellationToken cancellationToken) =>
        PauseAsync(request, PauseTargetKind.Channel, channel, cancellationToken);

    [ApiOperation("Resume a paused channel", Tag = "Operations", Roles = [Role.Operator, Role.Admin], Response = typeof(ResumeResponse))]
    [Function(nameof(ResumeChannel))]
    public Task<IActionResult> ResumeChannel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "operations/pauses/channels/{channel}")] HttpRequest request,
        string channel,
        CancellationToken cancellationToken) =>
        ResumeAsync(request, PauseTargetKind.Channel, channel, cancellationToken);

    [ApiOperation("Pause an SMS provider by its configured name, with the reason: failover passes it over until resumed", Tag = "Operations", Roles = [Role.Operator, Role.Admin], Request = typeof(PauseRequest), Response = typeof(ChannelPauseResponse))]
    [Function(nameof(PauseProvider))]
    public Task<IActionResult> PauseProvider(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "operations/pauses/providers/{provider}")] HttpRequest request,
        string provider,
        CancellationToken cancellationToken) =>
        PauseAsync(request, PauseTargetKind.Provider, provider, cancellationToken);

    [ApiOperation("Resume a paused SMS provider", Tag = "Operations", Roles = [Role.Operator, Role.Admin], Response = typeof(ResumeResponse))]
    [Function(nameof(ResumeProvider))]
    public Task<IActionResult> ResumeProvider(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "operations/pauses/providers/{provider}")] HttpRequest request,
        string provider,
        CancellationToken cancellationToken) =>
        ResumeAsync(request, PauseTargetKind.Provider, provider, cancellationToken);

    // The calling function's name picks the roles it declares.
    private Task<IActionResult> PauseAsync(HttpRequest request, PauseTargetKind kind, string name, CancellationToken cancellationToken, [CallerMemberName] string function = "") =>
        HttpEndpoint.RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<ChannelPauseFunctions>(request, function);
            var body = await JsonRequestReader.ReadAsync(request, ApiJsonContext.Default.PauseRequest, cancellationToken: cancellationToken);
            var paused = await pause.HandleAsync(kind, name, body.Reason, principal, cancellationToken);
            return ApiResults.Ok(ChannelPauseResponse.From(paused), ApiJsonContext.Default.ChannelPauseResponse);
        });

    private Task<IActionResult> ResumeAsync(HttpRequest request, PauseTargetKind kind, string name, CancellationToken cancellationToken, [CallerMemberName] string function = "") =>
        HttpEndpoint.RunAsync(async () =>
        {
            var principal = await auth.RequireAsync<ChannelPauseFunctions>(request, function);
            var (target, wasPaused) = await resume.HandleAsync(kind, name, principal, cancellationToken);
            return ApiResults.Ok(new ResumeResponse(target.Key, wasPaused), ApiJsonContext.Default.ResumeResponse);
        });
}

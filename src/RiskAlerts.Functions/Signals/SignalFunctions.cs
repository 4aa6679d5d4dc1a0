using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using RiskAlerts.Core.Cap;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Signals;
using RiskAlerts.Core.Validation;
using RiskAlerts.Core.Warnings;
using RiskAlerts.Functions.Http;
using RiskAlerts.Functions.Security;

namespace RiskAlerts.Functions.Signals;

/// <summary>Bulk intake for risk-monitoring platforms.</summary>
public sealed class SignalFunctions(RequestAuthenticator auth, SubmitSignalsHandler submitSignals)
{
    /// <summary>500 signals of a few KiB each, with room for JSON overhead.</summary>
    private const int MaxBodyBytes = 4 * 1024 * 1024;

    [ApiOperation("Submit up to 500 platform signals, each idempotent by its external id; or one signal as a CAP 1.2 alert, idempotent by its identifier", Tag = "Signals", Roles = [Role.Platform, Role.Admin], Request = typeof(SignalBatchRequest), Response = typeof(SignalBatchResponse), AcceptsCapXml = true)]
    [Function(nameof(SubmitSignals))]
    public Task<IActionResult> SubmitSignals(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "signals")] HttpRequest request,
        CancellationToken cancellationToken) =>
        HttpEndpoint.RunAsync(async () =>
        {
            var platform = await auth.RequireAsync<SignalFunctions>(request);
            if (CapXmlContent.IsSent(request))
            {
                return await SubmitAlertAsync(request, platform, cancellationToken);
            }

            var body = await JsonRequestReader.ReadAsync(request, ApiJsonContext.Default.SignalBatchRequest, MaxBodyBytes, cancellationToken);
            var results = await submitSignals.HandleAsync(body.Items, platform, cancellationToken);
            return ApiResults.Ok(SignalBatchResponse.From(results), ApiJsonContext.Default.SignalBatchResponse);
        });

    /// <summary>
    /// One alert is one signal: its identifier is the external id. Refused, it is a 400 naming the
    /// alert's elements (a batch of one has no other signals to go on with).
    /// </summary>
    private async Task<IActionResult> SubmitAlertAsync(HttpRequest request, Principal platform, CancellationToken cancellationToken)
    {
        var alert = await CapXmlContent.ReadAsync(request, JsonRequestReader.DefaultMaxBytes, cancellationToken);
        if (alert.MessageType != WarningMessageType.Alert)
        {
            throw RequestValidationException.For("alert/msgType", FieldErrorCode.NotAllowed, "a signal is an Alert of its own; an Update or Cancel is issued by its centre at /api/warnings");
        }

        var results = await CapXmlContent.NamingElementsAsync(() => submitSignals.HandleAsync([alert.Command], platform, cancellationToken));
        if (results[0] is { Outcome: SignalOutcome.Rejected, Errors: { } errors })
        {
            const string itemPrefix = "items[0].";
            throw CapAlertReader.NamingElements(new RequestValidationException([.. errors.Select(e => e with { Field = e.Field.StartsWith(itemPrefix, StringComparison.Ordinal) ? e.Field[itemPrefix.Length..] : e.Field })]));
        }

        return ApiResults.Ok(SignalBatchResponse.From(results), ApiJsonContext.Default.SignalBatchResponse);
    }
}

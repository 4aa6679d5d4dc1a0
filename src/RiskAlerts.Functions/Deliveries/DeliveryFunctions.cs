using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using RiskAlerts.Core.Acknowledgements;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Deliveries.Summary;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Validation;
using RiskAlerts.Core.Warnings.Get;
using RiskAlerts.Functions.Http;
using RiskAlerts.Functions.Security;

namespace RiskAlerts.Functions.Deliveries;

/// <summary>Delivery records of a warning: summary and paged rows, for analysts and operators.</summary>
public sealed class DeliveryFunctions(
    RequestAuthenticator auth,
    GetWarningHandler getWarning,
    GetDeliverySummaryHandler summarise,
    ListDeliveriesHandler listDeliveries,
    IAcknowledgementStore acknowledgements)
{
    private static readonly string[] KnownParameters = ["status", "channel", "pageSize", "continuationToken"];

    /// <summary>
    /// <c>GET /api/warnings/{id}/deliveries?status=&amp;channel=&amp;pageSize=&amp;continuationToken=</c>:
    /// the summary (on the first page) and a page of rows with masked addresses.
    /// </summary>
    [Function(nameof(GetDeliveries))]
    [ApiOperation(
        "A warning's delivery records: totals by status, channel and prefecture (first page), and a page of rows with masked addresses",
        Roles = [Role.Analyst, Role.Approver, Role.Operator, Role.Admin],
        Response = typeof(DeliveriesResponse),
        Tag = "Deliveries")]
    public Task<IActionResult> GetDeliveries(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "warnings/{id}/deliveries")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        HttpEndpoint.RunAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(request);
            var principal = await auth.RequireAsync<DeliveryFunctions>(request);
            var query = ReadQuery(id, request.Query);
            // Analysts follow their organisation's warnings; operators and admins see every warning.
            if (await getWarning.HandleAsync(id, principal, cancellationToken) is not { } warning)
            {
                return ApiResults.NotFound($"No warning {id}.");
            }

            // The summary reads every row's status; it comes with the first page only, not with each page after it.
            DeliverySummaryResponse? summary = null;
            AcknowledgementSummaryResponse? acknowledged = null;
            if (query.ContinuationToken is null)
            {
                var totals = await summarise.HandleAsync(id, cancellationToken);
                summary = DeliverySummaryResponse.From(totals, warning.AcceptedAt);
                acknowledged = AcknowledgementSummaryResponse.From(AcknowledgementSummary.Of(totals.Enterprises, await acknowledgements.ListAsync(id, cancellationToken)));
            }

            var page = await listDeliveries.HandleAsync(query, cancellationToken);
            return ApiResults.Ok(
                new DeliveriesResponse(id, summary, [.. page.Items.Select(DeliveryItemResponse.From)], page.ContinuationToken, acknowledged),
                DeliveryJsonContext.Default.DeliveriesResponse);
        });

    /// <summary>
    /// <c>GET /api/warnings/{id}/acknowledgements</c>: who acknowledged, one partition query, so that a
    /// detail page left open can follow acknowledgements after its delivery summary stopped changing.
    /// </summary>
    [Function(nameof(GetAcknowledgements))]
    [ApiOperation(
        "A warning's acknowledgements by enterprise (one partition read; the reach and who did not acknowledge come with the deliveries' first page)",
        Roles = [Role.Analyst, Role.Approver, Role.Operator, Role.Admin],
        Response = typeof(AcknowledgementListResponse),
        Tag = "Acknowledgements")]
    public Task<IActionResult> GetAcknowledgements(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "warnings/{id}/acknowledgements")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        HttpEndpoint.RunAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(request);
            var principal = await auth.RequireAsync<DeliveryFunctions>(request);
            new QueryParameters(request.Query, new FieldErrors()).RejectUnknown().Errors.ThrowIfAny();
            if (await getWarning.HandleAsync(id, principal, cancellationToken) is null)
            {
                return ApiResults.NotFound($"No warning {id}.");
            }

            return ApiResults.Ok(
                AcknowledgementListResponse.From(id, await acknowledgements.ListAsync(id, cancellationToken)),
                DeliveryJsonContext.Default.AcknowledgementListResponse);
        });

    private static DeliveryQuery ReadQuery(string id, IQueryCollection query)
    {
        var parameters = new QueryParameters(query, new FieldErrors()).RejectUnknown(KnownParameters);
        var status = parameters.Member<DeliveryStatus>("status", ignoreCase: true);
        var channel = parameters.Parse<Channel?>(
            "channel",
            null,
            (string text, out Channel? value) =>
            {
                var ok = ChannelExtensions.TryParseWireName(text, out var parsed);
                value = ok ? parsed : null;
                return ok;
            },
            "must be sms or email",
            FieldErrorCode.NotAllowed);
        var pageSize = parameters.WholeNumber("pageSize", 100, 1, ListDeliveriesHandler.MaxPageSize);
        var position = parameters.Parse<DeliveryListPosition?>(
            "continuationToken",
            null,
            (string text, out DeliveryListPosition? value) => DeliveryListPosition.TryParse(text, out value),
            "must be a continuationToken this list returned");
        parameters.Errors.ThrowIfAny();
        return new DeliveryQuery
        {
            WarningId = id,
            Status = status,
            Channel = channel,
            PageSize = pageSize,
            ContinuationToken = position?.ToString(),
        };
    }
}

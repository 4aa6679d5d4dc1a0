using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
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
    ListDeliveriesHandler listDeliveries)
{
    private static readonly string[] KnownParameters = ["status", "channel", "pageSize", "continuationToken"];

    /// <summary>
    /// <c>GET /api/warnings/{id}/deliveries?status=&amp;channel=&amp;pageSize=&amp;continuationToken=</c>:
    /// the summary (on the first page) and a page of rows with masked addresses.
    /// </summary>
    [Function(nameof(GetDeliveries))]
    [ApiOperation(
        "A warning's delivery records: totals by status, channel and prefecture (first page), and a page of rows with masked addresses",
        Roles = [Role.Analyst, Role.Operator, Role.Admin],
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
            // Analysts follow the warnings they submitted; operators and admins see every warning.
            if (await getWarning.HandleAsync(id, cancellationToken) is not { } warning
                || (!principal.IsInAnyRole([Role.Operator, Role.Admin]) && warning.SubmittedBy != principal.Name))
            {
                return ApiResults.NotFound($"No warning {id}.");
            }

            // The summary reads every row's status; it comes with the first page only, not with each page after it.
            var summary = query.ContinuationToken is null ? DeliverySummaryResponse.From(await summarise.HandleAsync(id, cancellationToken), warning.AcceptedAt) : null;
            var page = await listDeliveries.HandleAsync(query, cancellationToken);
            return ApiResults.Ok(
                new DeliveriesResponse(id, summary, [.. page.Items.Select(DeliveryItemResponse.From)], page.ContinuationToken),
                DeliveryJsonContext.Default.DeliveriesResponse);
        });

    private static DeliveryQuery ReadQuery(string id, IQueryCollection query)
    {
        var errors = new FieldErrors();
        QueryParameters.ReportUnknown(query, KnownParameters, errors);

        DeliveryStatus? status = null;
        if (query.TryGetValue("status", out var statusText))
        {
            if (Enum.TryParse<DeliveryStatus>(statusText, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !statusText.ToString().Any(char.IsDigit))
            {
                status = parsed;
            }
            else
            {
                errors.Add("status", FieldErrorCode.NotAllowed, $"must be one of: {string.Join(", ", Enum.GetNames<DeliveryStatus>())}");
            }
        }

        Channel? channel = null;
        if (query.TryGetValue("channel", out var channelText))
        {
            if (ChannelExtensions.TryParseWireName(channelText, out var parsed))
            {
                channel = parsed;
            }
            else
            {
                errors.Add("channel", FieldErrorCode.NotAllowed, "must be sms or email");
            }
        }

        var pageSize = 100;
        if (query.TryGetValue("pageSize", out var sizeText)
            && (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > ListDeliveriesHandler.MaxPageSize))
        {
            errors.Add("pageSize", FieldErrorCode.OutOfRange, $"must be a whole number from 1 to {ListDeliveriesHandler.MaxPageSize}", ListDeliveriesHandler.MaxPageSize);
        }

        errors.ThrowIfAny();
        var token = query["continuationToken"].ToString();
        return new DeliveryQuery
        {
            WarningId = id,
            Status = status,
            Channel = channel,
            PageSize = pageSize,
            ContinuationToken = string.IsNullOrWhiteSpace(token) ? null : token,
        };
    }
}

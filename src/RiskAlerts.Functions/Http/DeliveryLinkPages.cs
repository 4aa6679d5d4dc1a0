using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using RiskAlerts.Core.Deliveries.Links;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Functions.Http;

/// <summary>
/// The frame of every page a message's link opens: the link's <c>delivery</c> and <c>token</c> are
/// read from the query (each named when missing), and a link that does not check out is answered 404
/// without saying whether the delivery exists.
/// </summary>
public static class DeliveryLinkPages
{
    /// <summary>Runs <paramref name="body"/> with the link's delivery id and token.</summary>
    public static Task<IActionResult> RunAsync(HttpRequest request, Func<string, string, Task<IActionResult>> body) =>
        HttpEndpoint.RunAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(request);
            ArgumentNullException.ThrowIfNull(body);
            var errors = new FieldErrors();
            var delivery = request.Query["delivery"].ToString();
            var token = request.Query["token"].ToString();
            if (delivery.Length == 0)
            {
                errors.Add("delivery", "is required: the link is incomplete");
            }

            if (token.Length == 0)
            {
                errors.Add("token", "is required: the link is incomplete");
            }

            errors.ThrowIfAny();
            try
            {
                return await body(delivery, token);
            }
            catch (InvalidDeliveryLinkException ex)
            {
                return ApiResults.NotFound(ex.Message);
            }
        });
}

using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Categories;
using RiskAlerts.Core.Registrations.OptOut;
using RiskAlerts.Core.Validation;
using RiskAlerts.Functions.Http;

namespace RiskAlerts.Functions.OptOut;

/// <summary>
/// The unsubscribe link of an email (also its <c>List-Unsubscribe</c> target). A GET shows the
/// choices and changes nothing; a POST with <c>List-Unsubscribe=One-Click</c> (RFC 8058: no session,
/// no confirmation, the signed token in the URL is the authority) stops the contact's email, and the
/// page's own form chooses between the contact's email and the warning's category for the enterprise.
/// </summary>
public sealed class UnsubscribeFunctions(OptOutHandler optOut, WarningCategoryCatalog categories)
{
    private const int MaxFormBytes = 4 * 1024;

    /// <summary><c>GET /api/unsubscribe?delivery=&amp;token=</c>: what can be stopped, with a button for each.</summary>
    [Function(nameof(UnsubscribePage))]
    [ApiOperation("The unsubscribe link of an email: shows the choices (this contact's email, or the warning's category); changes nothing", Tag = "Unsubscribe", SignedLink = true)]
    public Task<IActionResult> UnsubscribePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "unsubscribe")] HttpRequest request,
        CancellationToken cancellationToken) =>
        DeliveryLinkPages.RunAsync(request, async (delivery, token) =>
            Page(await optOut.OpenLinkAsync(delivery, token, cancellationToken), done: null));

    /// <summary>
    /// <c>POST /api/unsubscribe?delivery=&amp;token=</c> with <c>List-Unsubscribe=One-Click</c> (RFC 8058)
    /// or the page's <c>scope=channel|category</c>.
    /// </summary>
    [Function(nameof(Unsubscribe))]
    [ApiOperation("RFC 8058 one-click unsubscribe (List-Unsubscribe=One-Click stops this contact's email), or the page's choice (scope=channel|category)", Tag = "Unsubscribe", SignedLink = true)]
    public Task<IActionResult> Unsubscribe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "unsubscribe")] HttpRequest request,
        CancellationToken cancellationToken) =>
        DeliveryLinkPages.RunAsync(request, async (delivery, token) =>
        {
            var (scope, source) = await ReadChoiceAsync(request, cancellationToken);
            return Page(await optOut.OptOutByLinkAsync(delivery, token, scope, source, cancellationToken), done: scope);
        });

    /// <summary>The one-click body, or the page's form; anything else names the field.</summary>
    private static async Task<(OptOutScope Scope, ConsentSource Source)> ReadChoiceAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            throw RequestValidationException.For("List-Unsubscribe", "the body must be a form: List-Unsubscribe=One-Click (RFC 8058), or scope=channel|category");
        }

        if (request.ContentLength > MaxFormBytes)
        {
            throw new ApiProblemException(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The form may hold at most {MaxFormBytes} bytes.");
        }

        var form = await request.ReadFormAsync(cancellationToken);
        if (string.Equals(form["List-Unsubscribe"].ToString(), "One-Click", StringComparison.Ordinal))
        {
            return (OptOutScope.Channel, ConsentSource.OneClick);
        }

        return form["scope"].ToString() switch
        {
            "channel" => (OptOutScope.Channel, ConsentSource.UnsubscribePage),
            "category" => (OptOutScope.Category, ConsentSource.UnsubscribePage),
            _ => throw RequestValidationException.For("scope", "must be channel or category (or send List-Unsubscribe=One-Click)"),
        };
    }

    private HtmlPageResult Page(UnsubscribePage page, OptOutScope? done)
    {
        var channel = page.Link.Delivery.Channel == Channel.Sms ? "短信" : "邮件";
        var category = HtmlPageResult.Encode(categories.FindName(page.Link.Warning.Category) ?? page.Link.Warning.Category);
        var body = new StringBuilder().Append("<h1 style=\"font-size:20px\">退订预警</h1>");
        if (done is not null)
        {
            body.Append("<p data-done>已为您办理退订。</p>");
        }

        body.Append(page.ChannelStopped
            ? $"<p data-channel-stopped>您已不再接收本单位的预警{channel}。如需恢复，请由贵单位在风险预警平台修改联系人的接收设置。</p>"
            : $"<form method=\"post\"><input type=\"hidden\" name=\"scope\" value=\"channel\"><button type=\"submit\">不再接收所有预警{channel}</button></form>");
        body.Append(page.CategoryStopped
            ? $"<p data-category-stopped>贵单位已不再接收“{category}”类预警。</p>"
            : $"<form method=\"post\"><input type=\"hidden\" name=\"scope\" value=\"category\"><button type=\"submit\">贵单位不再接收“{category}”类预警</button></form>");
        return new HtmlPageResult(StatusCodes.Status200OK, "退订预警", body.ToString());
    }
}

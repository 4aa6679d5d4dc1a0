using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Registrations.Verification;
using RiskAlerts.Core.Validation;
using RiskAlerts.Functions.Http;

namespace RiskAlerts.Functions.Enterprises;

/// <summary>
/// The confirmation link of a verification email. A GET shows which address is being confirmed and
/// a button, and changes nothing, so that a mail scanner following the link verifies nothing; the
/// button's POST verifies it. The signed token in the URL is the authority: no session is needed.
/// </summary>
public sealed class ContactVerificationPageFunctions(ContactVerifier verifier)
{
    /// <summary><c>GET /api/verify-contact?token=</c>.</summary>
    [Function(nameof(ContactVerificationPage))]
    [ApiOperation("The confirmation link of a verification email: shows the address and a confirm button; changes nothing", Tag = "Enterprises", SignedLink = true)]
    public Task<IActionResult> ContactVerificationPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "verify-contact")] HttpRequest request,
        CancellationToken cancellationToken) =>
        RunAsync(request, async token => Page(await verifier.FindLinkAsync(token, cancellationToken), confirmed: false));

    /// <summary><c>POST /api/verify-contact?token=</c>: the page's button.</summary>
    [Function(nameof(ConfirmContactVerification))]
    [ApiOperation("The confirm button of the verification page: the email address is verified and receives warnings from the next planning on", Tag = "Enterprises", SignedLink = true)]
    public Task<IActionResult> ConfirmContactVerification(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "verify-contact")] HttpRequest request,
        CancellationToken cancellationToken) =>
        RunAsync(request, async token => Page(await verifier.ConfirmLinkAsync(token, cancellationToken), confirmed: true));

    private static Task<IActionResult> RunAsync(HttpRequest request, Func<string, Task<IActionResult>> body) =>
        HttpEndpoint.RunAsync(async () =>
        {
            var token = request.Query["token"].ToString();
            if (token.Length == 0)
            {
                throw RequestValidationException.For("token", "is required: the link is incomplete");
            }

            try
            {
                return await body(token);
            }
            catch (RequestValidationException ex) when (ex.Errors.Any(e => e.Field == "token" && e.Code is FieldErrorCode.NotFound or FieldErrorCode.InPast or FieldErrorCode.Mismatch or FieldErrorCode.TooMany))
            {
                // The link is not (or no longer) the one waiting: a page that says so, not a JSON problem.
                return new HtmlPageResult(StatusCodes.Status404NotFound, "验证邮箱", "<h1 style=\"font-size:20px\">验证链接已失效</h1><p data-expired>该链接已过期或已被新的验证邮件取代。请在风险预警平台重新发送验证邮件。</p>");
            }
        });

    private static HtmlPageResult Page(VerificationChallenge challenge, bool confirmed)
    {
        var address = HtmlPageResult.Encode(challenge.Channel == Channel.Email ? challenge.Address : Core.Enterprises.PersonalDataMask.MaskPhone(challenge.Address));
        var body = new StringBuilder().Append("<h1 style=\"font-size:20px\">验证邮箱</h1>");
        if (confirmed)
        {
            body.Append("<p data-verified>已验证 ").Append(address).Append("，今后的风险预警将发送到此邮箱。</p>");
        }
        else
        {
            body.Append("<p>请确认 <strong>").Append(address).Append("</strong> 是您接收风险预警的邮箱。链接有效期至 ")
                .Append(HtmlPageResult.Encode(challenge.ExpiresAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)))
                .Append("（北京时间）。</p>")
                // The form posts back to this same address (the token is in its query).
                .Append("<form method=\"post\"><button type=\"submit\" style=\"font-size:16px;padding:.5em 1.5em\">确认这是我的邮箱</button></form>");
        }

        return new HtmlPageResult(StatusCodes.Status200OK, "验证邮箱", body.ToString());
    }
}

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using RiskAlerts.Core.Acknowledgements;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Warnings;
using RiskAlerts.Functions.Http;
using RiskAlerts.Functions.Security;

namespace RiskAlerts.Functions.Acknowledgements;

/// <summary>
/// Acknowledgement of a warning: the email's acknowledge link (a page whose button confirms) and the
/// enterprise's API call. The link's GET never records anything, because mail scanners follow links;
/// only the page's POST does.
/// </summary>
public sealed class AcknowledgementFunctions(RequestAuthenticator auth, AcknowledgeWarningHandler acknowledge)
{
    /// <summary><c>GET /api/acknowledge?delivery=&amp;token=</c>: the warning, the contact's reference and a confirm button.</summary>
    [Function(nameof(AcknowledgePage))]
    [ApiOperation("The acknowledge link of an email: shows the warning and a confirm button; records nothing", Tag = "Acknowledgements", SignedLink = true)]
    public Task<IActionResult> AcknowledgePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "acknowledge")] HttpRequest request,
        CancellationToken cancellationToken) =>
        DeliveryLinkPages.RunAsync(request, async (delivery, token) =>
            AcknowledgementPages.Page(await acknowledge.OpenLinkAsync(delivery, token, cancellationToken), confirmed: false));

    /// <summary><c>POST /api/acknowledge?delivery=&amp;token=</c>: the confirm button; records the contact's acknowledgement once.</summary>
    [Function(nameof(ConfirmAcknowledgement))]
    [ApiOperation("The confirm button of the acknowledge page: records the contact's acknowledgement (once; later ones keep the first)", Tag = "Acknowledgements", SignedLink = true)]
    public Task<IActionResult> ConfirmAcknowledgement(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "acknowledge")] HttpRequest request,
        CancellationToken cancellationToken) =>
        DeliveryLinkPages.RunAsync(request, async (delivery, token) =>
            AcknowledgementPages.Page(await acknowledge.AcknowledgeByLinkAsync(delivery, token, cancellationToken), confirmed: true));

    /// <summary><c>POST /api/warnings/{id}/acknowledgements</c> <c>{"contactId": "..."}</c> (optional): the enterprise acknowledges a warning it received.</summary>
    [Function(nameof(AcknowledgeWarning))]
    [ApiOperation(
        "Acknowledge a warning the enterprise received, for one of its contacts or for itself (201 recorded; 200 acknowledged before, the first kept)",
        Tag = "Acknowledgements",
        Roles = [Role.Enterprise],
        Request = typeof(AcknowledgeRequest),
        Response = typeof(AcknowledgementResponse),
        SuccessStatus = 201)]
    public Task<IActionResult> AcknowledgeWarning(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "warnings/{id}/acknowledgements")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        HttpEndpoint.RunAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(request);
            var principal = await auth.RequireAsync<AcknowledgementFunctions>(request);

            // The path names the warning; one that cannot exist is not found, whatever the body says.
            if (!WarningId.IsWellFormed(id))
            {
                return ApiResults.NotFound($"The enterprise received no warning {id}.");
            }

            var body = await JsonRequestReader.ReadAsync(request, AcknowledgementJsonContext.Default.AcknowledgeRequest, cancellationToken: cancellationToken);
            var result = await acknowledge.AcknowledgeByEnterpriseAsync(principal, id, string.IsNullOrWhiteSpace(body.ContactId) ? null : body.ContactId.Trim(), cancellationToken);
            return result is null
                ? ApiResults.NotFound($"The enterprise received no warning {id}.")
                : new JsonResult<AcknowledgementResponse>(
                    AcknowledgementResponse.From(result.Acknowledgement, result.Recorded),
                    AcknowledgementJsonContext.Default.AcknowledgementResponse,
                    result.Recorded ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        });
}

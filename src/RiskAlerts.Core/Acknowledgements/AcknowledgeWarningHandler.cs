using Microsoft.Extensions.Logging;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Deliveries.Links;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Validation;
using RiskAlerts.Core.Warnings;

namespace RiskAlerts.Core.Acknowledgements;

/// <summary>What the acknowledge page shows: the warning, the contact's reference and whether they acknowledged already.</summary>
/// <param name="Link">The delivery the link names and its warning.</param>
/// <param name="Reference">The contact's acknowledgement reference (also good as an SMS reply).</param>
/// <param name="Existing">The contact's acknowledgement, when there is one.</param>
public sealed record AcknowledgementPage(LinkedDelivery Link, string? Reference, Acknowledgement? Existing);

/// <summary>
/// Records that a contact acknowledged a warning, by the email link's confirm button, by an SMS reply
/// or by the enterprise through the API. Each contact's first acknowledgement is the one kept (time
/// and channel); later ones change nothing and are answered with the first.
/// </summary>
public sealed class AcknowledgeWarningHandler(
    DeliveryLinkResolver links,
    DeliveryLinks codes,
    IAcknowledgementStore acknowledgements,
    IDeliveryStore deliveries,
    IWarningStore warnings,
    TimeProvider timeProvider,
    ILogger<AcknowledgeWarningHandler> logger)
{
    /// <summary>
    /// What the acknowledge link's page shows. Reading it records nothing: mail scanners follow
    /// links, and only the page's button (a POST) acknowledges.
    /// </summary>
    /// <exception cref="InvalidDeliveryLinkException">The link is not valid.</exception>
    public async Task<AcknowledgementPage> OpenLinkAsync(string? deliveryId, string? token, CancellationToken cancellationToken = default)
    {
        var link = await links.ResolveAsync(deliveryId, token, cancellationToken);
        var row = link.Delivery;
        var existing = (await acknowledgements.ListAsync(row.WarningId, row.Uscc, cancellationToken)).FirstOrDefault(a => a.ContactId == row.ContactId);
        return new AcknowledgementPage(link, codes.ReferenceFor(row.WarningId, row.Uscc, row.ContactId), existing);
    }

    /// <summary>The confirm button of the acknowledge page.</summary>
    /// <exception cref="InvalidDeliveryLinkException">The link is not valid.</exception>
    public async Task<AcknowledgementPage> AcknowledgeByLinkAsync(string? deliveryId, string? token, CancellationToken cancellationToken = default)
    {
        var link = await links.ResolveAsync(deliveryId, token, cancellationToken);
        var row = link.Delivery;
        var result = await RecordAsync(new Acknowledgement(row.WarningId, row.Uscc, row.ContactId, AcknowledgementChannel.Email, timeProvider.GetUtcNow()), cancellationToken);
        return new AcknowledgementPage(link, codes.ReferenceFor(row.WarningId, row.Uscc, row.ContactId), result.Acknowledgement);
    }

    /// <summary>An SMS reply that acknowledged the delivery it answers.</summary>
    public Task<AcknowledgementResult> AcknowledgeByReplyAsync(DeliveryRecord answered, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answered);
        return RecordAsync(new Acknowledgement(answered.WarningId, answered.Uscc, answered.ContactId, AcknowledgementChannel.Sms, timeProvider.GetUtcNow()), cancellationToken);
    }

    /// <summary>
    /// The enterprise acknowledges a warning it received, for one of its contacts or, without
    /// <paramref name="contactId"/>, for itself. Null when it received no such warning.
    /// </summary>
    /// <exception cref="AccessDeniedException">The principal acts for no enterprise.</exception>
    /// <exception cref="RequestValidationException">The contact is not one the warning went to.</exception>
    public async Task<AcknowledgementResult?> AcknowledgeByEnterpriseAsync(Principal principal, string warningId, string? contactId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentException.ThrowIfNullOrEmpty(warningId);
        if (!principal.IsInRole(Role.Enterprise) || string.IsNullOrEmpty(principal.EnterpriseCode))
        {
            throw new AccessDeniedException("Only an enterprise principal acknowledges, for its own enterprise.", authenticated: true);
        }

        var uscc = principal.EnterpriseCode;
        if (!WarningId.IsWellFormed(warningId) || await warnings.FindAsync(warningId, cancellationToken) is null)
        {
            return null;
        }

        var received = await deliveries.FindByEnterpriseAsync(warningId, uscc, cancellationToken);
        if (received.Count == 0)
        {
            return null;
        }

        if (contactId is not null && !received.Any(r => r.ContactId == contactId))
        {
            throw RequestValidationException.For("contactId", "is not a contact this warning went to");
        }

        return await RecordAsync(new Acknowledgement(warningId, uscc, contactId, AcknowledgementChannel.Api, timeProvider.GetUtcNow(), principal.Name), cancellationToken);
    }

    private async Task<AcknowledgementResult> RecordAsync(Acknowledgement acknowledgement, CancellationToken cancellationToken)
    {
        var result = await acknowledgements.AddAsync(acknowledgement, cancellationToken);
        if (result.Recorded)
        {
            logger.LogInformation(
                "Warning {WarningId} acknowledged by enterprise {Uscc} contact {ContactId} by {Channel}",
                acknowledgement.WarningId,
                acknowledgement.Uscc,
                acknowledgement.ContactId,
                acknowledgement.Channel);
        }

        return result;
    }
}

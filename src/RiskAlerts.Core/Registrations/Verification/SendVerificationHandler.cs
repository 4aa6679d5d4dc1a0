using Microsoft.Extensions.Logging;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Enterprises;

namespace RiskAlerts.Core.Registrations.Verification;

/// <summary>
/// Sends the code of a queued challenge (the consumers run this). A challenge replaced by a newer
/// one, verified, expired, or whose contact no longer has the address is not sent: the code would
/// not work. The code and the link token are computed here and go nowhere but to the address.
/// </summary>
public sealed class SendVerificationHandler(
    IContactVerificationStore store,
    IEnterpriseRegistry registry,
    VerificationCodes codes,
    IContactVerificationSender sender,
    TimeProvider timeProvider,
    ILogger<SendVerificationHandler> logger)
{
    /// <summary>Sends the code, or says why not.</summary>
    /// <returns><see cref="VerificationSendOutcome.Retry"/> when the channel failed for now and the message should come again.</returns>
    public async Task<VerificationSendOutcome> HandleAsync(VerificationChallenge queued, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queued);
        var masked = PersonalDataMask.MaskAddress(queued.Channel, queued.Address);
        var waiting = await store.FindAsync(queued.Uscc, queued.ContactId, queued.Channel, cancellationToken);
        if (waiting is null || waiting.IssuedAt != queued.IssuedAt || waiting.Address != queued.Address || waiting.ExpiresAt <= timeProvider.GetUtcNow())
        {
            logger.LogInformation("Verification of contact {ContactId} of {Uscc} on {Channel} to {Address} not sent: it was replaced, settled or expired", queued.ContactId, queued.Uscc, queued.Channel.ToWireName(), masked);
            return VerificationSendOutcome.Refused;
        }

        var registration = UnifiedSocialCreditCode.TryParse(waiting.Uscc, out var uscc, out _) ? await registry.FindAsync(uscc, cancellationToken) : null;
        var contact = registration?.Subscriber.Contacts.FirstOrDefault(c => c.Id == waiting.ContactId);
        if (contact is null || contact.AddressFor(waiting.Channel) != waiting.Address)
        {
            logger.LogInformation("Verification of contact {ContactId} of {Uscc} on {Channel} to {Address} not sent: the contact no longer has the address", queued.ContactId, queued.Uscc, queued.Channel.ToWireName(), masked);
            return VerificationSendOutcome.Refused;
        }

        var notice = new VerificationNotice(waiting, codes.CodeFor(waiting), waiting.Channel == Channel.Email ? codes.TokenFor(waiting) : null, contact.Name);
        var outcome = await sender.SendAsync(notice, cancellationToken);
        logger.LogInformation("Verification of contact {ContactId} of {Uscc} on {Channel} to {Address}: {Outcome}", waiting.ContactId, waiting.Uscc, waiting.Channel.ToWireName(), masked, outcome);
        return outcome;
    }
}

using Microsoft.Extensions.Logging;
using RiskAlerts.Core.Registrations.Consent;
using RiskAlerts.Core.Registrations.OptOut;
using RiskAlerts.Core.Registrations.Verification;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Core.Registrations.Contacts;

/// <summary>Replaces the contact list of a registered enterprise.</summary>
/// <remarks>An address the caller is not trusted to vouch for waits for its code or link (see <see cref="ContactVerifier"/>).</remarks>
public sealed class ReplaceContactsHandler(RegistrationWriter writer, ConsentRecorder consents, ContactVerifier verifier, ILogger<ReplaceContactsHandler> logger)
{
    public async Task<RegisteredEnterprise> HandleAsync(Principal principal, ReplaceContactsCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var uscc = RegistrationAccess.AuthorizeChange(principal, command.Uscc);
        var errors = new FieldErrors();
        var contacts = RegistrationParser.ParseContacts(command.Contacts, errors);
        errors.ThrowIfAny();

        IReadOnlyList<Enterprises.Contact>? previous = null;
        var result = await writer.WriteAsync(
            uscc,
            command.IfMatch,
            current =>
            {
                previous = current?.Subscriber.Contacts ?? throw new EnterpriseNotRegisteredException(uscc);
                return current.Subscriber with { Contacts = verifier.Carry(principal, previous, contacts) };
            },
            cancellationToken);
        await consents.RecordChangeAsync(principal, ConsentSource.ContactsChange, result.Registration, cancellationToken);
        await verifier.IssueForChangeAsync(uscc.Value, previous, result.Registration.Subscriber.Contacts, cancellationToken);
        logger.LogInformation(
            "Enterprise {Uscc} contacts replaced by {Principal}: version {Version}, contacts {Contacts}",
            uscc,
            principal.Name,
            result.Registration.Version,
            ContactLog.Mask(contacts));
        return result.Registration;
    }
}

using Microsoft.Extensions.Logging;
using RiskAlerts.Core.Registrations.Consent;
using RiskAlerts.Core.Registrations.OptOut;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Core.Registrations.Contacts;

/// <summary>Replaces the contact list of a registered enterprise.</summary>
public sealed class ReplaceContactsHandler(RegistrationWriter writer, ConsentRecorder consents, ILogger<ReplaceContactsHandler> logger)
{
    public async Task<RegisteredEnterprise> HandleAsync(Principal principal, ReplaceContactsCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var uscc = RegistrationAccess.AuthorizeChange(principal, command.Uscc);
        var errors = new FieldErrors();
        var contacts = RegistrationParser.ParseContacts(command.Contacts, errors);
        errors.ThrowIfAny();

        var result = await writer.WriteAsync(
            uscc,
            command.IfMatch,
            current => current is null ? throw new EnterpriseNotRegisteredException(uscc) : current.Subscriber with { Contacts = contacts },
            cancellationToken);
        await consents.RecordChangeAsync(principal, ConsentSource.ContactsChange, result.Registration, cancellationToken);
        logger.LogInformation(
            "Enterprise {Uscc} contacts replaced by {Principal}: version {Version}, contacts {Contacts}",
            uscc,
            principal.Name,
            result.Registration.Version,
            ContactLog.Mask(contacts));
        return result.Registration;
    }
}

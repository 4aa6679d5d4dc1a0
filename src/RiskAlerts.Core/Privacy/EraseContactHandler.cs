using Microsoft.Extensions.Logging;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Operations.Audit;
using RiskAlerts.Core.Registrations;
using RiskAlerts.Core.Registrations.Consent;
using RiskAlerts.Core.Registrations.OptOut;
using RiskAlerts.Core.Registrations.Verification;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Core.Privacy;

/// <summary>
/// Erases one contact of a registered enterprise at its request (an admin acts for it): the contact
/// leaves the registration (the index follows), its consent events, acknowledgements, opt-outs of its
/// addresses (unless another contact still has the address) and numbers in the SMS daily counts are
/// deleted, and its delivery rows are pseudonymised. Erasing it again answers the first record; the
/// enterprise's last contact cannot be erased on its own (the registration needs one): erase the enterprise.
/// </summary>
public sealed class EraseContactHandler(
    IEnterpriseRegistry registry,
    IEnterpriseErasureStore erasures,
    DeliveryErasure deliveryErasure,
    AddressPseudonymiser pseudonymiser,
    RegistrationWriter writer,
    ConsentRecorder consents,
    IContactVerificationStore verifications,
    IOperatorAuditTrail audit,
    TimeProvider timeProvider,
    ILogger<EraseContactHandler> logger)
{
    /// <exception cref="RequestValidationException">The code or contact id is malformed, or the reason missing or too long.</exception>
    /// <exception cref="EnterpriseNotRegisteredException">The enterprise is not registered.</exception>
    /// <exception cref="ContactNotFoundException">The enterprise has no such contact and never had one erased.</exception>
    /// <exception cref="RegistrationConflictException">It is the enterprise's last contact.</exception>
    /// <exception cref="PseudonymKeyMissingException">No pseudonym key is configured; nothing was changed.</exception>
    public async Task<ContactErasure> HandleAsync(Principal principal, string? uscc, string? contactId, string? reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        // The path first, then whether it names a contact, then the body: a contact that is not there is a 404 whatever the body says.
        var pathErrors = new FieldErrors();
        if (!UnifiedSocialCreditCode.TryParse(uscc, out var code, out var why))
        {
            pathErrors.Add("uscc", FieldErrorCode.Malformed, why);
        }

        var id = contactId?.Trim() ?? string.Empty;
        if (id.Length is 0 or > 64)
        {
            pathErrors.Add("contactId", FieldErrorCode.Malformed, "is not a contact id (1 to 64 characters).");
        }

        pathErrors.ThrowIfAny();
        var current = await registry.FindAsync(code, cancellationToken) ?? throw new EnterpriseNotRegisteredException(code);
        var contact = current.Subscriber.Contacts.FirstOrDefault(c => c.Id == id);
        var earlier = contact is null ? await erasures.FindContactAsync(code.Value, id, cancellationToken) : null;
        if (contact is null && earlier is null)
        {
            throw new ContactNotFoundException($"Enterprise {code} has no contact {id}.");
        }

        var bodyErrors = new FieldErrors();
        EraseEnterpriseHandler.AddReasonErrors(bodyErrors, reason);
        bodyErrors.ThrowIfAny();

        if (contact is not null && current.Subscriber.Contacts.Count == 1)
        {
            throw new RegistrationConflictException($"Contact {id} is the last contact of enterprise {code}, and a registration needs one: erase the enterprise instead.");
        }

        if (!pseudonymiser.IsConfigured)
        {
            throw new PseudonymKeyMissingException();
        }

        var deliveries = await deliveryErasure.ForgetAsync(code.Value, id, cancellationToken);
        if (earlier is not null)
        {
            return earlier;
        }

        // The contact's own addresses, unless another contact (whose opt-out it may be too) still has them.
        var kept = current.Subscriber.Contacts.Where(c => c.Id != id).SelectMany(c => new[] { c.Mobile, c.Email }).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var addresses = new[] { contact!.Mobile, contact.Email }.OfType<string>().Where(a => !kept.Contains(a)).ToHashSet(StringComparer.Ordinal);
        await erasures.DeleteOptOutsAsync(code.Value, addresses, cancellationToken);
        await erasures.DeleteConsentEventsAsync(code.Value, id, cancellationToken);

        // A code waiting for the contact names its address.
        foreach (var channel in ChannelExtensions.All)
        {
            await verifications.DeleteAsync(code.Value, id, channel, cancellationToken);
        }
        var result = await writer.WriteAsync(
            code,
            ifMatch: null,
            stored => stored is null ? throw new EnterpriseNotRegisteredException(code) : stored.Subscriber with { Contacts = [.. stored.Subscriber.Contacts.Where(c => c.Id != id)] },
            cancellationToken);
        await consents.RecordChangeAsync(principal, ConsentSource.ContactsChange, result.Registration, cancellationToken);

        var erasure = new ContactErasure(code.Value, id, timeProvider.GetUtcNow(), principal.Name, deliveries.Total);
        await erasures.RecordContactAsync(erasure, cancellationToken);
        logger.LogWarning("Contact {ContactId} of enterprise {Uscc} erased by {Principal}: {Rows} delivery rows pseudonymised", id, code, principal.Name, erasure.Deliveries);
        await audit.RecordAsync(
            new AuditEntry(erasure.ErasedAt, principal.Name, AuditActions.ContactErase, $"{code.Value}/{id}", $"{PersonalDataMask.MaskText(reason!.Trim())} ({erasure.Deliveries} delivery rows pseudonymised)"),
            CancellationToken.None);
        return erasure;
    }
}

/// <summary>The enterprise has no contact of that id (HTTP 404).</summary>
public sealed class ContactNotFoundException : Exception
{
    public ContactNotFoundException()
        : base("No such contact.")
    {
    }

    public ContactNotFoundException(string message)
        : base(message)
    {
    }

    public ContactNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

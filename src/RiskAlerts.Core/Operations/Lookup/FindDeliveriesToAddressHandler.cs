using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Operations.Audit;
using RiskAlerts.Core.Registrations;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Core.Operations.Lookup;

/// <summary>Which address to look for, over how many days of warnings.</summary>
/// <param name="Phone">A phone number in any form libphonenumber reads (China by default).</param>
/// <param name="Email">An email address.</param>
/// <param name="Days">How many days of warnings to search, 1 to <see cref="FindDeliveriesToAddressHandler.MaxDays"/>.</param>
/// <param name="Contact">Instead of an address, an enterprise's contact and the channel: the registry gives the address, so an operator who sees it masked can still look it up.</param>
public sealed record AddressLookup(string? Phone, string? Email, int Days = FindDeliveriesToAddressHandler.DefaultDays, ContactAddress? Contact = null);

/// <summary>One contact's address on one channel, named by the enterprise, the contact and the channel.</summary>
/// <param name="Uscc">The enterprise's credit code.</param>
/// <param name="ContactId">The contact's id within the enterprise.</param>
/// <param name="Channel"><c>sms</c> (the contact's mobile) or <c>email</c>.</param>
public sealed record ContactAddress(string? Uscc, string? ContactId, string? Channel);

/// <summary>The deliveries found, newest warning first, and the address they were looked up by (masked).</summary>
public sealed record AddressLookupResult(string MaskedAddress, Channel Channel, DateTimeOffset Since, int WarningsSearched, IReadOnlyList<AddressDelivery> Deliveries);

/// <summary>
/// Finds the deliveries to one phone number or email address, for an operator answering "did this
/// person get the warning?". Every lookup is written to the audit trail, found or not, because it
/// reads personal data.
/// </summary>
/// <remarks>The search itself is <see cref="AddressDeliverySearch"/>: one query per warning of the window.</remarks>
public sealed class FindDeliveriesToAddressHandler(AddressDeliverySearch search, IEnterpriseRegistry registry, IOperatorAuditTrail audit, TimeProvider timeProvider)
{
    /// <summary>Days searched when none are asked for.</summary>
    public const int DefaultDays = 7;

    /// <summary>The most days one lookup may search.</summary>
    public const int MaxDays = 31;

    /// <summary>Validates the lookup, searches, and records it in the audit trail.</summary>
    /// <exception cref="RequestValidationException">Neither or both addresses, an address that does not parse, or days out of range.</exception>
    public async Task<AddressLookupResult> HandleAsync(AddressLookup lookup, Principal principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        ArgumentNullException.ThrowIfNull(principal);
        var (channel, address) = Validate(lookup) ?? await ResolveAsync(lookup.Contact!, cancellationToken);
        var masked = PersonalDataMask.MaskAddress(channel, address);
        var now = timeProvider.GetUtcNow();
        var since = now - TimeSpan.FromDays(lookup.Days);

        var (searched, result) = await search.FindAsync(channel, address, since, cancellationToken);
        await audit.RecordAsync(
            new AuditEntry(now, principal.Name, AuditActions.DeliveryLookup, masked, $"{result.Count} deliveries found in {searched} warnings of the last {lookup.Days} days{(lookup.Contact is { } contact ? $" (contact {contact.ContactId} of {contact.Uscc})" : string.Empty)}"),
            CancellationToken.None);
        return new AddressLookupResult(masked, channel, since, searched, result);
    }

    /// <summary>
    /// The address of the contact on the channel, from the registry. Checked after the lookup's own
    /// fields, so a request that names nothing real is refused at the field that names it.
    /// </summary>
    private async Task<(Channel Channel, string Address)> ResolveAsync(ContactAddress contact, CancellationToken cancellationToken)
    {
        var code = UnifiedSocialCreditCode.Parse(contact.Uscc!.Trim());
        var channel = ChannelExtensions.TryParseWireName(contact.Channel, out var named) ? named : throw new InvalidOperationException("The contact's channel was validated before.");
        var registration = await registry.FindAsync(code, cancellationToken)
            ?? throw RequestValidationException.For("contact.uscc", FieldErrorCode.NotFound, $"no enterprise {code} is registered.");
        var found = registration.Subscriber.Contacts.FirstOrDefault(c => string.Equals(c.Id, contact.ContactId!.Trim(), StringComparison.Ordinal))
            ?? throw RequestValidationException.For("contact.contactId", FieldErrorCode.NotFound, $"enterprise {code} has no contact with this id.");
        var address = channel == Channel.Sms ? found.Mobile : found.Email;
        return string.IsNullOrEmpty(address)
            ? throw RequestValidationException.For("contact.channel", FieldErrorCode.NotFound, $"the contact has no address for {contact.Channel}.")
            : (channel, address);
    }

    /// <summary>The lookup's own fields checked; null for a valid contact lookup, whose address the registry holds.</summary>
    private static (Channel Channel, string Address)? Validate(AddressLookup lookup)
    {
        var errors = new FieldErrors();
        if (lookup.Days is < 1 or > MaxDays)
        {
            errors.Add("days", FieldErrorCode.OutOfRange, $"must be a whole number from 1 to {MaxDays}", MaxDays);
        }

        (Channel, string)? target = null;
        var hasPhone = !string.IsNullOrWhiteSpace(lookup.Phone);
        var hasEmail = !string.IsNullOrWhiteSpace(lookup.Email);
        if (lookup.Contact is { } contact)
        {
            if (hasPhone || hasEmail)
            {
                errors.Add(hasPhone ? "phone" : "email", FieldErrorCode.Mismatch, "give exactly one of phone, email and contact");
            }

            ValidateContact(contact, errors);
        }
        else if (hasPhone == hasEmail)
        {
            errors.Add(hasPhone ? "email" : "phone", FieldErrorCode.Mismatch, "give exactly one of phone, email and contact");
        }
        else if (hasPhone)
        {
            if (PhoneNumberNormalizer.TryNormalize(lookup.Phone, out var e164, out var reason))
            {
                target = (Channel.Sms, e164);
            }
            else
            {
                errors.Add("phone", FieldErrorCode.Malformed, reason);
            }
        }
        else if (EmailAddressNormalizer.TryNormalize(lookup.Email, out var email, out var reason))
        {
            target = (Channel.Email, email);
        }
        else
        {
            errors.Add("email", FieldErrorCode.Malformed, reason);
        }

        errors.ThrowIfAny();
        return target;
    }

    private static void ValidateContact(ContactAddress contact, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(contact.Uscc))
        {
            errors.Add("contact.uscc", FieldErrorCode.Required, "is required");
        }
        else if (!UnifiedSocialCreditCode.TryParse(contact.Uscc.Trim(), out _, out var reason))
        {
            errors.Add("contact.uscc", FieldErrorCode.Malformed, reason);
        }

        if (string.IsNullOrWhiteSpace(contact.ContactId))
        {
            errors.Add("contact.contactId", FieldErrorCode.Required, "is required");
        }

        if (!ChannelExtensions.TryParseWireName(contact.Channel, out _))
        {
            errors.Add("contact.channel", string.IsNullOrWhiteSpace(contact.Channel) ? FieldErrorCode.Required : FieldErrorCode.NotAllowed, "must be sms or email");
        }
    }
}

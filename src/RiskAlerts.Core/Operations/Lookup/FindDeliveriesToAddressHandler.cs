using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Operations.Audit;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Core.Operations.Lookup;

/// <summary>Which address to look for, over how many days of warnings.</summary>
/// <param name="Phone">A phone number in any form libphonenumber reads (China by default).</param>
/// <param name="Email">An email address.</param>
/// <param name="Days">How many days of warnings to search, 1 to <see cref="FindDeliveriesToAddressHandler.MaxDays"/>.</param>
public sealed record AddressLookup(string? Phone, string? Email, int Days = FindDeliveriesToAddressHandler.DefaultDays);

/// <summary>The deliveries found, newest warning first, and the address they were looked up by (masked).</summary>
public sealed record AddressLookupResult(string MaskedAddress, Channel Channel, DateTimeOffset Since, int WarningsSearched, IReadOnlyList<AddressDelivery> Deliveries);

/// <summary>
/// Finds the deliveries to one phone number or email address, for an operator answering "did this
/// person get the warning?". Every lookup is written to the audit trail, found or not, because it
/// reads personal data.
/// </summary>
/// <remarks>The search itself is <see cref="AddressDeliverySearch"/>: one query per warning of the window.</remarks>
public sealed class FindDeliveriesToAddressHandler(AddressDeliverySearch search, IOperatorAuditTrail audit, TimeProvider timeProvider)
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
        var (channel, address) = Validate(lookup);
        var masked = PersonalDataMask.MaskAddress(channel, address);
        var now = timeProvider.GetUtcNow();
        var since = now - TimeSpan.FromDays(lookup.Days);

        var (searched, result) = await search.FindAsync(channel, address, since, cancellationToken);
        await audit.RecordAsync(
            new AuditEntry(now, principal.Name, AuditActions.DeliveryLookup, masked, $"{result.Count} deliveries found in {searched} warnings of the last {lookup.Days} days"),
            CancellationToken.None);
        return new AddressLookupResult(masked, channel, since, searched, result);
    }

    private static (Channel Channel, string Address) Validate(AddressLookup lookup)
    {
        var errors = new FieldErrors();
        if (lookup.Days is < 1 or > MaxDays)
        {
            errors.Add("days", FieldErrorCode.OutOfRange, $"must be a whole number from 1 to {MaxDays}", MaxDays);
        }

        (Channel, string)? target = null;
        var hasPhone = !string.IsNullOrWhiteSpace(lookup.Phone);
        var hasEmail = !string.IsNullOrWhiteSpace(lookup.Email);
        if (hasPhone == hasEmail)
        {
            errors.Add(hasPhone ? "email" : "phone", FieldErrorCode.Mismatch, "give exactly one of phone and email");
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
        return target!.Value;
    }
}

using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Privacy;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Core.Registrations.Verification;

/// <summary>
/// An enterprise (or an admin for it) asks for a new code for one of its contacts' unverified
/// addresses: the first was lost, or expired, or too many wrong ones were tried.
/// </summary>
public sealed class RequestVerificationHandler(IEnterpriseRegistry registry, ContactVerifier verifier)
{
    /// <exception cref="RequestValidationException">The path or channel is malformed, the contact has no such address, or it is verified already.</exception>
    /// <exception cref="EnterpriseNotRegisteredException">The enterprise is not registered.</exception>
    /// <exception cref="ContactNotFoundException">The enterprise has no such contact.</exception>
    /// <exception cref="VerificationRateLimitedException">The address had as many codes as its limit allows for now.</exception>
    public async Task<VerificationChallenge> HandleAsync(Principal principal, string? uscc, string? contactId, string? channel, CancellationToken cancellationToken = default)
    {
        var (code, contact, parsed) = await VerificationRequests.ResolveAsync(registry, principal, uscc, contactId, channel, cancellationToken);
        if (contact.IsVerified(parsed))
        {
            throw new RequestValidationException([new FieldError("channel", $"the contact's {parsed.ToWireName()} address is verified already.") { Code = FieldErrorCode.Conflict }]);
        }

        var (challenge, retryAt) = await verifier.IssueAsync(code.Value, contact, parsed, cancellationToken);
        return challenge ?? throw new VerificationRateLimitedException(retryAt!.Value);
    }
}

/// <summary>An enterprise (or an admin for it) enters the code a contact received.</summary>
public sealed class VerifyContactHandler(IEnterpriseRegistry registry, ContactVerifier verifier)
{
    /// <exception cref="RequestValidationException">The path, channel or code is malformed, or the code is wrong, expired or voided (field <c>code</c>).</exception>
    /// <exception cref="EnterpriseNotRegisteredException">The enterprise is not registered.</exception>
    /// <exception cref="ContactNotFoundException">The enterprise has no such contact.</exception>
    public async Task<RegisteredEnterprise> HandleAsync(Principal principal, string? uscc, string? contactId, string? channel, string? code, CancellationToken cancellationToken = default)
    {
        var (enterprise, contact, parsed) = await VerificationRequests.ResolveAsync(registry, principal, uscc, contactId, channel, cancellationToken);
        if (code is null || code.Count(char.IsAsciiDigit) != VerificationCodes.CodeLength || code.Any(c => !char.IsAsciiDigit(c) && !char.IsWhiteSpace(c)))
        {
            throw new RequestValidationException([new FieldError("code", $"must be the {VerificationCodes.CodeLength} digits that were sent.") { Code = FieldErrorCode.Malformed }]);
        }

        return await verifier.ConfirmCodeAsync(enterprise, contact.Id, parsed, code, cancellationToken);
    }
}

/// <summary>The path and channel checks both verification requests share: path first, then the contact, then the body.</summary>
internal static class VerificationRequests
{
    public static async Task<(UnifiedSocialCreditCode Uscc, Contact Contact, Channel Channel)> ResolveAsync(
        IEnterpriseRegistry registry,
        Principal principal,
        string? uscc,
        string? contactId,
        string? channel,
        CancellationToken cancellationToken)
    {
        var code = RegistrationAccess.AuthorizeChange(principal, uscc);
        var id = contactId?.Trim() ?? string.Empty;
        if (id.Length is 0 or > 64)
        {
            throw new RequestValidationException([new FieldError("contactId", "is not a contact id (1 to 64 characters).") { Code = FieldErrorCode.Malformed }]);
        }

        var current = await registry.FindAsync(code, cancellationToken) ?? throw new EnterpriseNotRegisteredException(code);
        var contact = current.Subscriber.Contacts.FirstOrDefault(c => c.Id == id) ?? throw new ContactNotFoundException($"Enterprise {code} has no contact {id}.");
        if (!ChannelExtensions.TryParseWireName(channel, out var parsed))
        {
            throw new RequestValidationException([new FieldError("channel", "must be sms or email.") { Code = channel is null ? FieldErrorCode.Required : FieldErrorCode.Invalid }]);
        }

        if (contact.AddressFor(parsed) is null)
        {
            throw new RequestValidationException([new FieldError("channel", $"contact {id} has no {parsed.ToWireName()} address.") { Code = FieldErrorCode.Mismatch }]);
        }

        return (code, contact, parsed);
    }
}

/// <summary>An address had as many codes as its rate limit allows for now.</summary>
public sealed class VerificationRateLimitedException : Exception
{
    public VerificationRateLimitedException(DateTimeOffset retryAt)
        : base($"Too many codes were sent to this address; the next may be sent at {retryAt:O}.")
    {
        RetryAt = retryAt;
    }

    public VerificationRateLimitedException()
        : this(DateTimeOffset.MinValue)
    {
    }

    public VerificationRateLimitedException(string message)
        : base(message)
    {
    }

    public VerificationRateLimitedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>When the next code may be sent.</summary>
    public DateTimeOffset RetryAt { get; }
}

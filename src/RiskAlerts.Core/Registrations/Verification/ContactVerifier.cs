using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Core.Registrations.Verification;

/// <summary>
/// Issues and settles verification challenges: the one way a code is sent and an address marked
/// verified. A code goes out only within the address's rate limit; a right code, or the email
/// link's confirmation, marks the address verified in the registration (and so in the subscriber
/// index the planner reads) as long as the contact still has that address.
/// </summary>
public sealed class ContactVerifier(
    IContactVerificationStore store,
    IVerificationDispatcher dispatcher,
    VerificationCodes codes,
    RegistrationWriter writer,
    IOptions<ContactVerificationOptions> options,
    TimeProvider timeProvider,
    ILogger<ContactVerifier> logger)
{
    /// <summary>Whether the change was written by someone whose addresses count as verified.</summary>
    public bool IsTrusted(Principal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return options.Value.TrustAdministrators && principal.IsInRole(Role.Admin);
    }

    /// <summary>The contacts of a change with their verification state (see <see cref="ContactVerification.Carry"/>).</summary>
    public IReadOnlyList<Contact> Carry(Principal principal, IReadOnlyList<Contact>? previous, IReadOnlyList<Contact> next) =>
        ContactVerification.Carry(previous, next, IsTrusted(principal));

    /// <summary>
    /// Sends codes to the addresses a change left waiting that were not waiting before. One that its
    /// rate limit holds back is left for the contact to ask again; the change itself stands.
    /// </summary>
    public async Task IssueForChangeAsync(string uscc, IReadOnlyList<Contact>? previous, IReadOnlyList<Contact> next, CancellationToken cancellationToken = default)
    {
        if (!codes.Enabled)
        {
            logger.LogWarning("Enterprise {Uscc} has addresses waiting for verification, but Links:SigningKey is not configured, so no code can be sent", uscc);
            return;
        }

        foreach (var (contact, channel, address) in ContactVerification.NewlyPending(previous, next))
        {
            try
            {
                await IssueAsync(uscc, contact, channel, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The change is stored and stands; the enterprise sees the address waiting and asks for a code again.
                logger.LogWarning(ex, "Verification of contact {ContactId} of {Uscc} on {Channel} to {Address} could not be issued", contact.Id, uscc, channel.ToWireName(), PersonalDataMask.MaskAddress(channel, address));
            }
        }
    }

    /// <summary>Issues a challenge for a contact's address on a channel and queues its sending.</summary>
    /// <returns>The challenge, or none and the time the rate limit holds the address back until.</returns>
    /// <exception cref="VerificationUnavailableException">No signing key is configured.</exception>
    public async Task<(VerificationChallenge? Challenge, DateTimeOffset? RetryAt)> IssueAsync(string uscc, Contact contact, Channel channel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contact);
        if (!codes.Enabled)
        {
            throw new VerificationUnavailableException();
        }

        var address = contact.AddressFor(channel) ?? throw new ArgumentException($"Contact {contact.Id} has no {channel.ToWireName()} address.", nameof(channel));
        var now = Truncate(timeProvider.GetUtcNow());
        var retryAt = await store.TryReserveSendAsync(channel, address, now, options.Value, cancellationToken);
        if (retryAt is not null)
        {
            logger.LogInformation(
                "Verification of contact {ContactId} of {Uscc} on {Channel} to {Address} held back by the rate limit until {RetryAt}",
                contact.Id, uscc, channel.ToWireName(), PersonalDataMask.MaskAddress(channel, address), retryAt);
            return (null, retryAt);
        }

        var challenge = new VerificationChallenge(uscc, contact.Id, channel, address, now, now + options.Value.CodeLifetime);
        await store.SaveAsync(challenge, cancellationToken);
        await dispatcher.DispatchAsync(challenge, cancellationToken);
        logger.LogInformation(
            "Verification of contact {ContactId} of {Uscc} on {Channel} to {Address} queued, valid until {ExpiresAt}",
            contact.Id, uscc, channel.ToWireName(), PersonalDataMask.MaskAddress(channel, address), challenge.ExpiresAt);
        return (challenge, null);
    }

    /// <summary>
    /// Checks a code against the contact's waiting challenge and, when it is right, marks the address verified.
    /// </summary>
    /// <exception cref="RequestValidationException">No code is waiting, it expired, too many wrong ones were tried, or it is wrong (field <c>code</c>).</exception>
    public async Task<RegisteredEnterprise> ConfirmCodeAsync(UnifiedSocialCreditCode uscc, string contactId, Channel channel, string? code, CancellationToken cancellationToken = default)
    {
        var challenge = await WaitingAsync(uscc.Value, contactId, channel, "code", cancellationToken);
        if (!codes.IsCode(challenge, code))
        {
            await store.RecordFailedAttemptAsync(challenge, cancellationToken);
            logger.LogInformation("Wrong verification code for contact {ContactId} of {Uscc} on {Channel} (attempt {Attempt})", contactId, uscc, channel.ToWireName(), challenge.FailedAttempts + 1);
            throw Refused("code", FieldErrorCode.Mismatch, "is not the code that was sent.");
        }

        return await MarkVerifiedAsync(challenge, "code", cancellationToken);
    }

    /// <summary>Confirms the challenge an email link names and returns it.</summary>
    /// <exception cref="RequestValidationException">The token is not one, its challenge is gone, replaced or expired, or the contact no longer has the address (field <c>token</c>).</exception>
    public async Task<VerificationChallenge> ConfirmLinkAsync(string? token, CancellationToken cancellationToken = default)
    {
        var challenge = await FindLinkAsync(token, cancellationToken);
        await MarkVerifiedAsync(challenge, "token", cancellationToken);
        return challenge;
    }

    /// <summary>The challenge an email link names, checked but not confirmed (the page's GET).</summary>
    /// <exception cref="RequestValidationException">The token is not one, its challenge is gone, replaced or expired (field <c>token</c>).</exception>
    public async Task<VerificationChallenge> FindLinkAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (!VerificationCodes.TryReadToken(token, out var uscc, out var contactId, out var channel, out var issuedAt))
        {
            throw Refused("token", FieldErrorCode.Malformed, "is not a verification link.");
        }

        var challenge = await WaitingAsync(uscc, contactId, channel, "token", cancellationToken);
        if (challenge.IssuedAt != issuedAt || !codes.IsToken(challenge, token))
        {
            throw Refused("token", FieldErrorCode.Mismatch, "is not the link of the verification waiting: a newer one was sent, or the link was changed.");
        }

        return challenge;
    }

    private async Task<VerificationChallenge> WaitingAsync(string uscc, string contactId, Channel channel, string field, CancellationToken cancellationToken)
    {
        var challenge = await store.FindAsync(uscc, contactId, channel, cancellationToken)
            ?? throw Refused(field, FieldErrorCode.NotFound, "no verification is waiting for this contact and channel; ask for a new code.");
        if (challenge.ExpiresAt <= timeProvider.GetUtcNow())
        {
            throw Refused(field, FieldErrorCode.InPast, $"expired at {challenge.ExpiresAt:O}; ask for a new code.");
        }

        if (challenge.FailedAttempts >= options.Value.MaxAttempts)
        {
            throw Refused(field, FieldErrorCode.TooMany, $"{challenge.FailedAttempts} wrong codes were entered; ask for a new code.");
        }

        return challenge;
    }

    private async Task<RegisteredEnterprise> MarkVerifiedAsync(VerificationChallenge challenge, string field, CancellationToken cancellationToken)
    {
        var uscc = UnifiedSocialCreditCode.Parse(challenge.Uscc);
        var result = await writer.WriteAsync(
            uscc,
            ifMatch: null,
            current =>
            {
                var subscriber = current?.Subscriber ?? throw new EnterpriseNotRegisteredException(uscc);
                var contact = subscriber.Contacts.FirstOrDefault(c => c.Id == challenge.ContactId);
                if (contact is null || contact.AddressFor(challenge.Channel) != challenge.Address)
                {
                    throw Refused(field, FieldErrorCode.Mismatch, "was sent to an address the contact no longer has; ask for a new code.");
                }

                return subscriber with
                {
                    Contacts = [.. subscriber.Contacts.Select(c => c.Id != contact.Id ? c : challenge.Channel == Channel.Sms ? c with { MobileVerified = true } : c with { EmailVerified = true })],
                };
            },
            cancellationToken);
        await store.DeleteAsync(challenge.Uscc, challenge.ContactId, challenge.Channel, cancellationToken);
        logger.LogInformation(
            "Contact {ContactId} of {Uscc} verified {Address} on {Channel}: version {Version}",
            challenge.ContactId, challenge.Uscc, PersonalDataMask.MaskAddress(challenge.Channel, challenge.Address), challenge.Channel.ToWireName(), result.Registration.Version);
        return result.Registration;
    }

    private static RequestValidationException Refused(string field, FieldErrorCode code, string reason) =>
        new([new FieldError(field, reason) { Code = code }]);

    // The time of issue is part of the code and the link and round-trips through the link as milliseconds.
    private static DateTimeOffset Truncate(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());
}

/// <summary>No <c>Links:SigningKey</c> is configured, so no verification code can be made.</summary>
public sealed class VerificationUnavailableException : Exception
{
    public VerificationUnavailableException()
        : base("Links:SigningKey is not configured, so contacts cannot be verified.")
    {
    }

    public VerificationUnavailableException(string message)
        : base(message)
    {
    }

    public VerificationUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

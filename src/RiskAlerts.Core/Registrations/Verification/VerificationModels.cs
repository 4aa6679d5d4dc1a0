using RiskAlerts.Core.Alerts;

namespace RiskAlerts.Core.Registrations.Verification;

/// <summary>An address waiting for its code or link to come back.</summary>
/// <param name="Uscc">The enterprise.</param>
/// <param name="ContactId">The contact.</param>
/// <param name="Channel">SMS for the mobile number, email for the address.</param>
/// <param name="Address">The address the code went to; a code proves only this address.</param>
/// <param name="IssuedAt">When the code was issued: part of what it is computed from, so a new code voids the last.</param>
/// <param name="ExpiresAt">When it stops working.</param>
/// <param name="FailedAttempts">Wrong codes entered against it so far.</param>
public sealed record VerificationChallenge(
    string Uscc,
    string ContactId,
    Channel Channel,
    string Address,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    int FailedAttempts = 0);

/// <summary>What is sent to an address to verify it.</summary>
/// <param name="Challenge">The challenge.</param>
/// <param name="Code">The six-digit code; never logged.</param>
/// <param name="LinkToken">The email link's token (email only, with a signing key), or null.</param>
/// <param name="ContactName">The person's name, to address them by.</param>
public sealed record VerificationNotice(VerificationChallenge Challenge, string Code, string? LinkToken, string? ContactName);

/// <summary>How a verification send went.</summary>
public enum VerificationSendOutcome
{
    /// <summary>The provider or SMTP server took it.</summary>
    Sent,

    /// <summary>Worth trying again (provider down, connection lost).</summary>
    Retry,

    /// <summary>Refused for good (invalid number, address rejected): the contact must correct it.</summary>
    Refused,
}

/// <summary>Sends verification codes and links over the channels.</summary>
public interface IContactVerificationSender
{
    /// <summary>Sends the notice to its address on its channel.</summary>
    Task<VerificationSendOutcome> SendAsync(VerificationNotice notice, CancellationToken cancellationToken = default);
}

/// <summary>Hands a challenge to the senders (a message on the warnings queue in Azure).</summary>
public interface IVerificationDispatcher
{
    /// <summary>Queues the sending of the challenge's code.</summary>
    Task DispatchAsync(VerificationChallenge challenge, CancellationToken cancellationToken = default);
}

/// <summary>The challenges waiting, and the codes sent per address.</summary>
public interface IContactVerificationStore
{
    /// <summary>
    /// Records the send of a code to <paramref name="address"/> at <paramref name="now"/> if the
    /// address's rate limit allows one more; returns null when it does, otherwise when the next may go.
    /// </summary>
    Task<DateTimeOffset?> TryReserveSendAsync(Channel channel, string address, DateTimeOffset now, ContactVerificationOptions limits, CancellationToken cancellationToken = default);

    /// <summary>Stores a challenge, replacing any earlier one for the same contact and channel.</summary>
    Task SaveAsync(VerificationChallenge challenge, CancellationToken cancellationToken = default);

    /// <summary>The challenge waiting for a contact's channel, or null.</summary>
    Task<VerificationChallenge?> FindAsync(string uscc, string contactId, Channel channel, CancellationToken cancellationToken = default);

    /// <summary>Counts a wrong code against the challenge (a challenge gone or replaced meanwhile is left alone).</summary>
    Task RecordFailedAttemptAsync(VerificationChallenge challenge, CancellationToken cancellationToken = default);

    /// <summary>Removes the challenge (verified, or its contact gone).</summary>
    Task DeleteAsync(string uscc, string contactId, Channel channel, CancellationToken cancellationToken = default);
}

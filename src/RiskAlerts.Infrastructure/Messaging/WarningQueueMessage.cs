namespace RiskAlerts.Infrastructure.Messaging;

/// <summary>
/// Body of a <c>warnings</c> queue message: only the id. The planner reads the warning from
/// the store, which is the single source of truth (a retracted warning is not planned).
/// </summary>
public sealed record WarningQueueMessage(string WarningId, DateTimeOffset AcceptedAt);

/// <summary>
/// Body of a <c>warnings</c> queue message with subject <c>contact.verification</c>: which address
/// to send a code to and when it was issued. The code is not in it: the consumer computes it.
/// </summary>
public sealed record VerificationQueueMessage(string Uscc, string ContactId, string Channel, string Address, long IssuedAtUnixMilliseconds, DateTimeOffset ExpiresAt)
{
    /// <summary>The message of a challenge.</summary>
    public static VerificationQueueMessage From(Core.Registrations.Verification.VerificationChallenge challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return new(challenge.Uscc, challenge.ContactId, Core.Alerts.ChannelExtensions.ToWireName(challenge.Channel), challenge.Address, challenge.IssuedAt.ToUnixTimeMilliseconds(), challenge.ExpiresAt);
    }

    /// <summary>The challenge, or null when the message is not a readable one.</summary>
    public Core.Registrations.Verification.VerificationChallenge? ToChallenge() =>
        string.IsNullOrEmpty(Uscc) || string.IsNullOrEmpty(ContactId) || string.IsNullOrEmpty(Address)
            || !Core.Alerts.ChannelExtensions.TryParseWireName(Channel, out var channel) || IssuedAtUnixMilliseconds <= 0
            ? null
            : new(Uscc, ContactId, channel, Address, DateTimeOffset.FromUnixTimeMilliseconds(IssuedAtUnixMilliseconds), ExpiresAt);
}

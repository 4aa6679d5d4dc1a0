using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries.Links;

namespace RiskAlerts.Core.Registrations.Verification;

/// <summary>
/// The code and the email link token of a challenge, HMAC-SHA256 under <c>Links:SigningKey</c> with
/// their own purpose prefixes. Both are computed from the challenge (enterprise, contact, channel,
/// address, time of issue), so neither is stored or carried in a message: the sender computes the
/// code to send it, the check computes it again. A new challenge for the same contact has a new
/// time of issue, so it voids the code before it, and a code proves only the address it went to.
/// </summary>
public sealed class VerificationCodes
{
    /// <summary>Digits in a code.</summary>
    public const int CodeLength = 6;

    private const int TokenMacBytes = 16;

    private readonly byte[]? _key;

    /// <summary>Creates the codes from the links' key.</summary>
    public VerificationCodes(IOptions<DeliveryLinkOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _key = string.IsNullOrWhiteSpace(options.Value.SigningKey) ? null : Encoding.UTF8.GetBytes(options.Value.SigningKey.Trim());
    }

    /// <summary>True when a key is configured; without one no address can be verified.</summary>
    public bool Enabled => _key is not null;

    /// <summary>The six-digit code of a challenge.</summary>
    /// <exception cref="InvalidOperationException">No key is configured.</exception>
    public string CodeFor(VerificationChallenge challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        var mac = Mac("verify-code", Describe(challenge));
        var value = BinaryPrimitives.ReadUInt32BigEndian(mac) % 1_000_000;
        return value.ToString("D6", CultureInfo.InvariantCulture);
    }

    /// <summary>Whether <paramref name="code"/> is the challenge's code (spaces ignored; compared in constant time).</summary>
    public bool IsCode(VerificationChallenge challenge, string? code)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        if (_key is null || code is null)
        {
            return false;
        }

        var typed = Encoding.ASCII.GetBytes(string.Concat(code.Where(c => !char.IsWhiteSpace(c))));
        return CryptographicOperations.FixedTimeEquals(typed, Encoding.ASCII.GetBytes(CodeFor(challenge)));
    }

    /// <summary>
    /// The token of the email link: which challenge it is (readable, so the page can find it) and a
    /// MAC that also covers the address, so a link works only for the address it was sent to.
    /// </summary>
    public string TokenFor(VerificationChallenge challenge)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        var locator = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Locate(challenge.Uscc, challenge.ContactId, challenge.Channel, challenge.IssuedAt)));
        return locator + "." + Base64Url.EncodeToString(Mac("verify-link", Describe(challenge)).AsSpan(0, TokenMacBytes));
    }

    /// <summary>Reads which challenge a token names; false when it is not a token of this form.</summary>
    public static bool TryReadToken(string? token, out string uscc, out string contactId, out Channel channel, out DateTimeOffset issuedAt)
    {
        uscc = contactId = string.Empty;
        channel = default;
        issuedAt = default;
        var dot = token?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (token is null || dot <= 0)
        {
            return false;
        }

        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.AsSpan(0, dot)));
        }
        catch (FormatException)
        {
            return false;
        }

        var parts = text.Split('\n');
        if (parts.Length != 4 || parts[0].Length == 0 || parts[1].Length == 0
            || !ChannelExtensions.TryParseWireName(parts[2], out channel)
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            || milliseconds > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return false;
        }

        (uscc, contactId, issuedAt) = (parts[0], parts[1], DateTimeOffset.FromUnixTimeMilliseconds(milliseconds));
        return true;
    }

    /// <summary>Whether the token is the challenge's (its MAC compared in constant time).</summary>
    public bool IsToken(VerificationChallenge challenge, string? token)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return _key is not null && token is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(TokenFor(challenge)), Encoding.ASCII.GetBytes(token));
    }

    /// <summary>
    /// A keyed name for an address, for the rows that count its sends: they need no number or
    /// address in them, and without the key a name says nothing about whose it is.
    /// </summary>
    public string AddressKey(Channel channel, string address)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        return Base64Url.EncodeToString(Mac("verify-rate", channel.ToWireName() + "\n" + address).AsSpan(0, TokenMacBytes));
    }

    private static string Locate(string uscc, string contactId, Channel channel, DateTimeOffset issuedAt) =>
        string.Join('\n', uscc, contactId, channel.ToWireName(), issuedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

    private static string Describe(VerificationChallenge c) => Locate(c.Uscc, c.ContactId, c.Channel, c.IssuedAt) + "\n" + c.Address;

    private byte[] Mac(string purpose, string value)
    {
        var key = _key ?? throw new InvalidOperationException("Links:SigningKey is not configured, so contacts cannot be verified.");
        return HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(purpose + "\n" + value));
    }
}

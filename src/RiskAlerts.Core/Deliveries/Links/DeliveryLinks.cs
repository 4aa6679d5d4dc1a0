using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace RiskAlerts.Core.Deliveries.Links;

/// <summary>
/// The keyed codes a delivery carries, all HMAC-SHA256 under <see cref="DeliveryLinkOptions.SigningKey"/>
/// with a purpose prefix so that one code can never stand in for another:
/// <list type="bullet">
/// <item>the link token of a delivery (its acknowledge and unsubscribe links): 128 bits, base64url, so a
/// link cannot be forged or guessed, and it works without signing in (RFC 8058 one-click);</item>
/// <item>the acknowledgement reference of a warning × contact: 8 characters of Crockford base32
/// (40 bits), short enough to read on a phone and type as an SMS reply, the same for every channel
/// the contact got the warning on.</item>
/// </list>
/// Nothing is stored: a code is checked by computing it again.
/// </summary>
public sealed class DeliveryLinks
{
    /// <summary>Characters in a reference.</summary>
    public const int ReferenceLength = 8;

    // Crockford's base32: no I, L, O or U, so what is read aloud or typed is not mistaken.
    private const string ReferenceAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int TokenBytes = 16;

    private readonly byte[]? _key;

    /// <summary>Creates the codes from the options.</summary>
    public DeliveryLinks(IOptions<DeliveryLinkOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _key = string.IsNullOrWhiteSpace(options.Value.SigningKey) ? null : Encoding.UTF8.GetBytes(options.Value.SigningKey.Trim());
    }

    /// <summary>True when a signing key is configured, so that deliveries carry links and references.</summary>
    public bool Enabled => _key is not null;

    /// <summary>The link token of a delivery (<c>{partitionKey}:{rowKey}</c>); null without a key.</summary>
    public string? TokenFor(string deliveryId)
    {
        ArgumentException.ThrowIfNullOrEmpty(deliveryId);
        return _key is null ? null : Base64Url.EncodeToString(Mac("link", deliveryId).AsSpan(0, TokenBytes));
    }

    /// <summary>Whether <paramref name="token"/> is the link token of the delivery; false without a key.</summary>
    public bool IsValidToken(string? deliveryId, string? token)
    {
        if (_key is null || string.IsNullOrEmpty(deliveryId) || string.IsNullOrEmpty(token))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(TokenFor(deliveryId)!);
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(token));
    }

    /// <summary>The acknowledgement reference of a warning × contact; null without a key.</summary>
    public string? ReferenceFor(string warningId, string uscc, string contactId)
    {
        ArgumentException.ThrowIfNullOrEmpty(warningId);
        ArgumentException.ThrowIfNullOrEmpty(uscc);
        ArgumentException.ThrowIfNullOrEmpty(contactId);
        if (_key is null)
        {
            return null;
        }

        var mac = Mac("ack", $"{warningId}\n{uscc}\n{contactId}");
        var bits = 0UL;
        for (var i = 0; i < 5; i++)
        {
            bits = (bits << 8) | mac[i];
        }

        var reference = new char[ReferenceLength];
        for (var i = ReferenceLength - 1; i >= 0; i--)
        {
            reference[i] = ReferenceAlphabet[(int)(bits & 31)];
            bits >>= 5;
        }

        return new string(reference);
    }

    /// <summary>
    /// A typed reference in canonical form, or null when the text is not one: case and spaces or
    /// hyphens do not matter, and O, I and L are read as 0, 1 and 1, as Crockford's base32 decodes them.
    /// </summary>
    public static string? NormalizeReference(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var builder = new StringBuilder(ReferenceLength);
        foreach (var c in text.Trim())
        {
            if (c is ' ' or '-' or '\u3000')
            {
                continue;
            }

            var upper = char.ToUpperInvariant(c) switch
            {
                'O' => '0',
                'I' or 'L' => '1',
                var other => other,
            };
            if (!ReferenceAlphabet.Contains(upper, StringComparison.Ordinal) || builder.Length == ReferenceLength)
            {
                return null;
            }

            builder.Append(upper);
        }

        return builder.Length == ReferenceLength ? builder.ToString() : null;
    }

    private byte[] Mac(string purpose, string value) => HMACSHA256.HashData(_key!, Encoding.UTF8.GetBytes(purpose + "\n" + value));
}

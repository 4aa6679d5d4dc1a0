using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Enterprises;

namespace RiskAlerts.Core.Privacy;

/// <summary>
/// Replaces the address of a delivery row by a keyed hash of it (<c>pseudonym:v1:{base64url HMAC-SHA256}</c>),
/// so the row still counts in evidence and summaries and is still found by an operator who knows the
/// number, but no longer says whom it reached to anyone without the key.
/// </summary>
public sealed class AddressPseudonymiser(IOptions<PrivacyOptions> options)
{
    /// <summary>How a pseudonymised address begins; no phone number or email address does.</summary>
    public const string Prefix = "pseudonym:v1:";

    private readonly byte[]? _key = options.Value.PseudonymKey is { Length: > 0 } key ? Encoding.UTF8.GetBytes(key.Trim()) : null;

    /// <summary>Whether a key is configured.</summary>
    public bool IsConfigured => _key is not null;

    /// <summary>Whether the address is already a pseudonym.</summary>
    public static bool IsPseudonym(string? address) => address is not null && address.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The pseudonym of a normalised address (E.164 or lower-case email) on a channel; a pseudonym is returned as it is.</summary>
    /// <exception cref="InvalidOperationException">No <see cref="PrivacyOptions.PseudonymKey"/> is configured.</exception>
    public string Pseudonym(Channel channel, string address)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        if (IsPseudonym(address))
        {
            return address;
        }

        var key = _key ?? throw new InvalidOperationException("Privacy:PseudonymKey is not configured, so delivery rows cannot be pseudonymised.");
        // The channel is part of the input, so the same text on two channels gives two pseudonyms.
        var hash = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{channel.ToWireName()}:{address}"));
        return Prefix + Convert.ToBase64String(hash).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>The pseudonym to search for besides the address itself; null without a key.</summary>
    public string? PseudonymOrNull(Channel channel, string address) => IsConfigured ? Pseudonym(channel, address) : null;

    /// <summary>
    /// The row with its address pseudonymised and any number or address in its provider's reason
    /// masked; the row as it is when already pseudonymised, so doing it twice changes nothing.
    /// </summary>
    public DeliveryRecord Pseudonymise(DeliveryRecord row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return IsPseudonym(row.Address)
            ? row
            : row with
            {
                Address = Pseudonym(row.Channel, row.Address),
                Reason = row.Reason is null ? null : PersonalDataMask.MaskText(row.Reason),
            };
    }
}

using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace RiskAlerts.Functions.Receipts;

/// <summary>
/// Authenticates an SMS provider's callbacks (receipts and replies): the provider's shared secret
/// (<see cref="ReceiptOptions"/>), compared in constant time.
/// </summary>
public sealed class ProviderCallbackSecrets(IOptions<ReceiptOptions> options)
{
    /// <summary>Whether <paramref name="presented"/> is the configured secret of <paramref name="provider"/>.</summary>
    public bool IsAuthentic(string provider, string presented)
    {
        if (string.IsNullOrEmpty(presented) || !options.Value.Providers.TryGetValue(provider, out var settings) || string.IsNullOrEmpty(settings.Secret))
        {
            return false;
        }

        // Hashing first makes the comparison constant-time in the length too.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(settings.Secret)));
    }
}

using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Deliveries.Callbacks;

namespace RiskAlerts.Functions.Receipts;

/// <summary>
/// Authenticates an SMS provider's callbacks (receipts and replies) by the provider's shared secret
/// (<see cref="ReceiptOptions"/>), compared in constant time, and tells how the provider writes them.
/// </summary>
public sealed class ProviderCallbackSecrets(IOptions<ReceiptOptions> options)
{
    /// <summary>The header carrying the provider's shared secret.</summary>
    public const string SecretHeader = "X-Receipt-Secret";

    /// <summary>The callback URL's query parameter carrying it, for providers whose consoles take a URL only.</summary>
    public const string SecretQuery = "secret";

    /// <summary>How <paramref name="provider"/> writes its callbacks; <see cref="CallbackFormat.Generic"/> when not configured.</summary>
    public CallbackFormat FormatOf(string provider) =>
        options.Value.Providers.TryGetValue(provider, out var settings) && settings is not null ? settings.Format : CallbackFormat.Generic;

    /// <summary>Whether the request carries the configured secret of <paramref name="provider"/>.</summary>
    public bool IsAuthentic(HttpRequest request, string provider)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!options.Value.Providers.TryGetValue(provider, out var settings) || settings is null || string.IsNullOrEmpty(settings.Secret))
        {
            return false;
        }

        var presented = request.Headers[SecretHeader].ToString();
        if (presented.Length == 0 && settings.Format != CallbackFormat.Generic)
        {
            presented = request.Query[SecretQuery].ToString();
        }

        // Hashing first makes the comparison constant-time in the length too.
        return presented.Length > 0
            && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(settings.Secret)));
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Deliveries.Callbacks;

namespace RiskAlerts.Functions.Receipts;

/// <summary>
/// Authenticates an SMS provider's callbacks (receipts and replies) by the address they come from
/// (when the provider's sources are configured) and the provider's shared secret
/// (<see cref="ReceiptOptions"/>), compared in constant time, and tells how the provider writes them.
/// </summary>
public sealed class ProviderCallbackSecrets(IOptions<ReceiptOptions> options, ILogger<ProviderCallbackSecrets> logger)
{
    /// <summary>The header carrying the provider's shared secret.</summary>
    public const string SecretHeader = "X-Receipt-Secret";

    /// <summary>The callback URL's query parameter carrying it, for providers whose consoles take a URL only.</summary>
    public const string SecretQuery = "secret";

    /// <summary>How <paramref name="provider"/> writes its callbacks; <see cref="CallbackFormat.Generic"/> when not configured.</summary>
    public CallbackFormat FormatOf(string provider) =>
        options.Value.Providers.TryGetValue(provider, out var settings) && settings is not null ? settings.Format : CallbackFormat.Generic;

    /// <summary>
    /// Null when the request may be read as <paramref name="provider"/>'s callback; otherwise the
    /// answer: 403 from an address outside the provider's <see cref="ReceiptProviderOptions.AllowedSources"/>,
    /// 401 without its secret.
    /// </summary>
    public IActionResult? Refusal(HttpRequest request, string provider)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (options.Value.Providers.TryGetValue(provider, out var settings) && settings is { AllowedSourceEntries.Count: > 0 }
            && !IsFromAllowedSource(request.HttpContext.Connection.RemoteIpAddress, settings))
        {
            logger.LogWarning("A callback for provider {Provider} came from {Address}, outside the provider's AllowedSources; refused", provider, request.HttpContext.Connection.RemoteIpAddress);
            return ProviderCallbackRequests.Forbidden();
        }

        return IsAuthentic(request, provider) ? null : ProviderCallbackRequests.Unauthorized();
    }

    /// <summary>Whether the request carries the configured secret of <paramref name="provider"/>.</summary>
    private bool IsAuthentic(HttpRequest request, string provider)
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

    // In Azure the worker's forwarded-headers handling has already put the address the platform's front
    // end saw (the last X-Forwarded-For hop) here; locally it is the socket's peer.
    private static bool IsFromAllowedSource(IPAddress? address, ReceiptProviderOptions settings)
    {
        if (address is null)
        {
            return false;
        }

        var normalised = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return settings.AllowedSourceEntries.Any(s => ReceiptProviderOptions.TryParseSource(s, out var network) && network.Contains(normalised));
    }
}

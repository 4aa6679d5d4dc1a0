using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;
using RiskAlerts.Core.Deliveries.Callbacks;

namespace RiskAlerts.Functions.Receipts;

/// <summary>The <c>Receipts</c> configuration section: who may post delivery receipts.</summary>
public sealed class ReceiptOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Receipts";

    /// <summary>
    /// Per provider name (the <c>{provider}</c> of the route), the shared secret it sends as
    /// <c>X-Receipt-Secret</c>. From Key Vault in Azure; never logged.
    /// </summary>
    public IDictionary<string, ReceiptProviderOptions> Providers { get; init; } = new Dictionary<string, ReceiptProviderOptions>(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, provider) in Providers)
        {
            if (provider is null || string.IsNullOrWhiteSpace(provider.Secret) || provider.Secret.Length < 16)
            {
                yield return new ValidationResult($"Receipts:Providers:{name}:Secret must be at least 16 characters.", [nameof(Providers)]);
                continue;
            }

            foreach (var source in provider.AllowedSourceEntries.Where(s => !ReceiptProviderOptions.TryParseSource(s, out _)))
            {
                yield return new ValidationResult($"Receipts:Providers:{name}:AllowedSources holds '{source}', which is neither an IP address nor a network in CIDR notation (47.100.0.0/16, 2400:3200::/32).", [nameof(Providers)]);
            }
        }
    }
}

/// <summary>One provider's receipt settings.</summary>
public sealed class ReceiptProviderOptions
{
    /// <summary>
    /// The shared secret the provider sends in <c>X-Receipt-Secret</c>, or (Aliyun, Tencent, whose
    /// consoles take only a URL) as the callback URL's <c>secret</c> query parameter.
    /// </summary>
    public string Secret { get; set; } = string.Empty;

    /// <summary>How the provider writes its receipts and replies: <c>Generic</c> (default), <c>Aliyun</c> or <c>Tencent</c>.</summary>
    public CallbackFormat Format { get; set; } = CallbackFormat.Generic;

    /// <summary>
    /// The addresses the provider's callbacks come from, as IP addresses or CIDR networks separated by
    /// commas or spaces (the ranges each provider publishes for its push service): one setting, as an
    /// app setting holds it. Empty accepts any address that has the secret; otherwise a callback from
    /// elsewhere is refused (403) before its secret is looked at.
    /// </summary>
    public string? AllowedSources { get; set; }

    /// <summary>The entries of <see cref="AllowedSources"/>.</summary>
    public IReadOnlyList<string> AllowedSourceEntries =>
        (AllowedSources ?? string.Empty).Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Reads one entry of <see cref="AllowedSources"/>: a network, or a single address as a network of one.</summary>
    public static bool TryParseSource(string? text, out IPNetwork network)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 && IPAddress.TryParse(trimmed, out var address))
        {
            network = new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        // A network whose address has bits past its prefix (47.100.0.1/16) is most likely a mistyped
        // single address: refused rather than silently widened.
        network = default;
        return slash > 0
            && IPNetwork.TryParse(trimmed, out network)
            && IPAddress.TryParse(trimmed[..slash], out var written)
            && written.Equals(network.BaseAddress);
    }
}

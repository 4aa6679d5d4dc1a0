using System.ComponentModel.DataAnnotations;
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
}

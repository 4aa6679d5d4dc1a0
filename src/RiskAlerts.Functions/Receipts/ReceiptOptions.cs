using System.ComponentModel.DataAnnotations;

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
    /// <summary>The shared secret the provider sends in <c>X-Receipt-Secret</c>.</summary>
    public string Secret { get; set; } = string.Empty;
}

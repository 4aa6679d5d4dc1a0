using System.ComponentModel.DataAnnotations;

namespace RiskAlerts.Core.Deliveries.Links;

/// <summary>The <c>Links</c> configuration section: the key that signs the links and references each delivery carries.</summary>
public sealed class DeliveryLinkOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Links";

    /// <summary>The shortest signing key accepted.</summary>
    public const int MinimumKeyLength = 32;

    /// <summary>
    /// The secret that signs every acknowledge and unsubscribe link token and derives each delivery's
    /// acknowledgement reference. The hosts that send email and the ones that serve the links need the
    /// same key. Without one, emails carry no links and deliveries no references (acknowledgement by
    /// SMS reply and by the API still work). From Key Vault in Azure; never logged. Changing it makes
    /// the links of emails already sent stop working.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SigningKey is not null && SigningKey.Trim().Length < MinimumKeyLength)
        {
            yield return new ValidationResult($"Links:SigningKey must be at least {MinimumKeyLength} characters.", [nameof(SigningKey)]);
        }
    }
}

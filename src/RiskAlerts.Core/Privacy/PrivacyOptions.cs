using System.ComponentModel.DataAnnotations;

namespace RiskAlerts.Core.Privacy;

/// <summary>The <c>Privacy</c> configuration section: the key that pseudonymises the addresses of delivery rows.</summary>
public sealed class PrivacyOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Privacy";

    /// <summary>The shortest key accepted.</summary>
    public const int MinimumKeyLength = 32;

    /// <summary>
    /// The secret of the keyed hash (HMAC-SHA256) that replaces the address of a pseudonymised delivery
    /// row. An operator's lookup by the original number or address hashes it with the same key, so the
    /// rows are still found; without the key the hash cannot be reversed or guessed from a list of
    /// numbers. From Key Vault in Azure; never logged. Changing it makes rows pseudonymised before
    /// unreachable by lookup (their counts in evidence stay). Without it nothing can be pseudonymised.
    /// </summary>
    public string? PseudonymKey { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PseudonymKey is not null && PseudonymKey.Trim().Length < MinimumKeyLength)
        {
            yield return new ValidationResult($"Privacy:PseudonymKey must be at least {MinimumKeyLength} characters.", [nameof(PseudonymKey)]);
        }
    }
}

using System.ComponentModel.DataAnnotations;

namespace RiskAlerts.Core.Registrations.Verification;

/// <summary>The <c>Contacts:Verification</c> configuration section: when a contact's address must prove it reaches the person.</summary>
public sealed class ContactVerificationOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Contacts:Verification";

    /// <summary>
    /// Whether an address an administrator enters counts as verified (default true): centre staff
    /// register enterprises from the market-regulation filings, whose contact numbers are real-name
    /// registered, and a province's import cannot wait for a hundred thousand codes to come back.
    /// An address the enterprise itself enters or changes is always verified by a code or link.
    /// </summary>
    public bool TrustAdministrators { get; set; } = true;

    /// <summary>
    /// Whether an <c>Extreme</c> warning also reaches unverified addresses (default true): a warning
    /// missed by the right person costs more than one read by a stranger whose number was mistyped.
    /// </summary>
    public bool UnverifiedReceiveExtreme { get; set; } = true;

    /// <summary>How long a code or link works (default 10 minutes).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Wrong codes accepted against one challenge before it is void (default 5); a new code must then be asked for.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Codes sent to one address per minute (default 1, as Aliyun allows verification codes).</summary>
    [Range(1, 100)]
    public int PerMinute { get; set; } = 1;

    /// <summary>Codes sent to one address per hour (default 5).</summary>
    [Range(1, 1000)]
    public int PerHour { get; set; } = 5;

    /// <summary>Codes sent to one address per day (default 10).</summary>
    [Range(1, 10000)]
    public int PerDay { get; set; } = 10;

    /// <summary>Whether a warning of <paramref name="severity"/> reaches addresses that wait for verification.</summary>
    public bool Reaches(Alerts.Severity severity) => UnverifiedReceiveExtreme && severity == Alerts.Severity.Extreme;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PerMinute > PerHour || PerHour > PerDay)
        {
            yield return new ValidationResult(
                $"Contacts:Verification: PerMinute ({PerMinute}) ≤ PerHour ({PerHour}) ≤ PerDay ({PerDay}) must hold.",
                [nameof(PerMinute), nameof(PerHour), nameof(PerDay)]);
        }
    }
}

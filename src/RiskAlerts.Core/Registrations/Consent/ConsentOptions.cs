using System.ComponentModel.DataAnnotations;

namespace RiskAlerts.Core.Registrations.Consent;

/// <summary>How consent is recorded and how long its records are kept (section <c>Consent</c>).</summary>
public sealed class ConsentOptions
{
    public const string SectionName = "Consent";

    /// <summary>The version of the notice text enterprises and contacts are shown (the privacy and SMS notice); recorded with every consent event.</summary>
    [Required]
    [MaxLength(64)]
    public string NoticeVersion { get; set; } = "2026-01";

    /// <summary>
    /// How many months a withdrawal, and the consent events of the contact before it, are kept after
    /// the withdrawal: 5 by default, the draft rule for proof of SMS consent.
    /// </summary>
    [Range(1, 120)]
    public int RetentionMonthsAfterWithdrawal { get; set; } = 5;
}

using System.ComponentModel.DataAnnotations;

namespace RiskAlerts.Core.Privacy.Retention;

/// <summary>
/// The <c>Retention</c> configuration section: how long delivery rows keep their addresses and how
/// long operator audit entries are kept. Consent events follow their own rule
/// (<c>Consent:RetentionMonthsAfterWithdrawal</c>).
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Retention";

    /// <summary>
    /// How long after a warning was accepted its delivery rows keep the full address; after that the
    /// retention run replaces it by its keyed hash (<c>Privacy:PseudonymKey</c>). Default 180 days.
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan DeliveryRowsAfter { get; set; } = TimeSpan.FromDays(180);

    /// <summary>
    /// How long operator audit entries (replays, pauses, personal-data lookups, erasures) are kept:
    /// three years by default, at least the six months the Cybersecurity Law asks of network logs.
    /// </summary>
    [Range(typeof(TimeSpan), "180.00:00:00", "3650.00:00:00")]
    public TimeSpan AuditEntriesAfter { get; set; } = TimeSpan.FromDays(3 * 365);

    /// <summary>
    /// The most rows one run reads (delivery rows) or deletes (audit entries, consent events), so that
    /// a run stays short however much is due; the next run goes on from where this one stopped.
    /// </summary>
    [Range(100, 1_000_000)]
    public int MaxRowsPerRun { get; set; } = 50_000;
}

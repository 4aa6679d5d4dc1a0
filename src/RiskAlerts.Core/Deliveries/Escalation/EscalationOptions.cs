using System.ComponentModel.DataAnnotations;
using RiskAlerts.Core.Alerts;

namespace RiskAlerts.Core.Deliveries.Escalation;

/// <summary>
/// The <c>Escalation</c> configuration section: per warning severity, how long an enterprise has to
/// acknowledge before the warning goes to its next contacts. A severity without a window (empty in
/// configuration) does not escalate, and all of an enterprise's contacts get it at once.
/// </summary>
public sealed class EscalationOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Escalation";

    /// <summary>Window for <see cref="Severity.Extreme"/> warnings (10 minutes by default).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan? Extreme { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Window for <see cref="Severity.Severe"/> warnings (30 minutes by default).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan? Severe { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Window for <see cref="Severity.Moderate"/> warnings (none by default).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan? Moderate { get; set; }

    /// <summary>Window for <see cref="Severity.Minor"/> warnings (none by default).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan? Minor { get; set; }

    /// <summary>Window for warnings of <see cref="Severity.Unknown"/> severity (none by default).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan? Unknown { get; set; }

    /// <summary>The window of a severity; null when warnings of that severity do not escalate.</summary>
    public TimeSpan? WindowFor(Severity severity) => severity switch
    {
        Severity.Extreme => Extreme,
        Severity.Severe => Severe,
        Severity.Moderate => Moderate,
        Severity.Minor => Minor,
        _ => Unknown,
    };
}

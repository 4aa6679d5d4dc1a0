using System.ComponentModel.DataAnnotations;
using RiskAlerts.Core.Alerts;

namespace RiskAlerts.Core.Warnings.Exercises;

/// <summary>How exercises and tests are marked in what recipients read (section <c>Exercises</c>).</summary>
public sealed class ExerciseOptions
{
    public const string SectionName = "Exercises";

    /// <summary>The default prefix: "drill".</summary>
    public const string DefaultPrefix = "【演练】";

    /// <summary>
    /// Put before every SMS text's lead and every email's subject and heading of a CAP <c>Exercise</c>
    /// or <c>Test</c> warning, so no participant mistakes a rehearsal for a real warning. Never shortened.
    /// </summary>
    [Required]
    [StringLength(16, MinimumLength = 1)]
    public string Prefix { get; set; } = DefaultPrefix;

    /// <summary>The prefix the texts of a warning with <paramref name="status"/> carry: <see cref="Prefix"/> for a rehearsal, else nothing.</summary>
    public string PrefixFor(CapStatus status) => status.IsRehearsal() ? Prefix : string.Empty;
}

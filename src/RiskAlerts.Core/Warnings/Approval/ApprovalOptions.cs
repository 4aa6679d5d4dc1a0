using System.ComponentModel.DataAnnotations;

namespace RiskAlerts.Core.Warnings.Approval;

/// <summary>When a warning waits for a second principal (section <c>Approval</c>).</summary>
public sealed class ApprovalOptions
{
    public const string SectionName = "Approval";

    /// <summary>
    /// A warning whose audience (contact × channel, as the preview counts it) is larger than this waits
    /// for an approver; every Extreme warning waits whatever its size.
    /// </summary>
    [Range(0, 100_000_000)]
    public int AudienceThreshold { get; set; } = 1_000;
}

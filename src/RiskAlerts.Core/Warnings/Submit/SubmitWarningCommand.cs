namespace RiskAlerts.Core.Warnings.Submit;

/// <summary>A warning as a submitter sent it, before validation: every field may be missing.</summary>
public sealed record SubmitWarningCommand
{
    public string? Headline { get; init; }

    public string? Description { get; init; }

    public string? Severity { get; init; }

    public string? RegionCode { get; init; }

    /// <summary>The authenticated submitter; set by the HTTP layer, never read from the body.</summary>
    public required string SubmittedBy { get; init; }
}

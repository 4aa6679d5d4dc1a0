namespace RiskAlerts.Functions.Warnings;

/// <summary>Body of <c>POST /api/warnings</c>.</summary>
public sealed record SubmitWarningRequest
{
    public string? Headline { get; init; }

    public string? Description { get; init; }

    public string? Severity { get; init; }

    public string? RegionCode { get; init; }
}

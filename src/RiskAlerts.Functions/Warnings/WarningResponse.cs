using RiskAlerts.Core.Warnings;

namespace RiskAlerts.Functions.Warnings;

/// <summary>A warning as the API shows it.</summary>
public sealed record WarningResponse
{
    public required string Id { get; init; }

    public required string Headline { get; init; }

    public required string Description { get; init; }

    public required string Severity { get; init; }

    public required string RegionCode { get; init; }

    public required WarningStatus Status { get; init; }

    public required DateTimeOffset AcceptedAt { get; init; }

    public required string SubmittedBy { get; init; }

    public DateTimeOffset? PublishedAt { get; init; }

    public static WarningResponse From(Warning warning) => new()
    {
        Id = warning.Id,
        Headline = warning.Headline,
        Description = warning.Description,
        Severity = warning.Severity,
        RegionCode = warning.RegionCode,
        Status = warning.Status,
        AcceptedAt = warning.AcceptedAt,
        SubmittedBy = warning.SubmittedBy,
        PublishedAt = warning.PublishedAt,
    };
}

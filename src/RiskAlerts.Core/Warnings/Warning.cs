namespace RiskAlerts.Core.Warnings;

/// <summary>A risk warning as accepted at the front door, with where it stands in its lifecycle.</summary>
public sealed record Warning
{
    public required string Id { get; init; }

    public required string Headline { get; init; }

    public required string Description { get; init; }

    /// <summary>CAP 1.2 severity name (<c>Extreme</c>, <c>Severe</c>, <c>Moderate</c>, <c>Minor</c>, <c>Unknown</c>).</summary>
    public required string Severity { get; init; }

    /// <summary>Targeted GB/T 2260 region, at province, prefecture or county level.</summary>
    public required string RegionCode { get; init; }

    public required WarningStatus Status { get; init; }

    public required DateTimeOffset AcceptedAt { get; init; }

    /// <summary>Who submitted it: the principal's name for an analyst, the platform's name for machine ingest.</summary>
    public required string SubmittedBy { get; init; }

    /// <summary>When the <c>warnings</c> queue took the warning; null until then, which the outbox sweep looks for.</summary>
    public DateTimeOffset? PublishedAt { get; init; }
}

namespace RiskAlerts.Core.Warnings.Submit;

/// <summary>A warning as a submitter sent it, before validation: every field may be missing or wrong.</summary>
public sealed record SubmitWarningCommand
{
    public string? Category { get; init; }

    public string? Headline { get; init; }

    public string? Description { get; init; }

    public string? Instruction { get; init; }

    public string? Severity { get; init; }

    public string? Urgency { get; init; }

    public string? Certainty { get; init; }

    public IReadOnlyList<string?>? Regions { get; init; }

    public IReadOnlyList<string?>? Industries { get; init; }

    public IReadOnlyList<string?>? Targets { get; init; }

    public IReadOnlyList<string?>? Channels { get; init; }

    public DateTimeOffset? EffectiveAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public string? Language { get; init; }

    /// <summary>The platform's own id of a signal; analysts leave it empty.</summary>
    public string? ExternalId { get; init; }
}

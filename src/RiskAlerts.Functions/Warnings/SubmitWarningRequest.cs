using RiskAlerts.Core.Warnings.Submit;

namespace RiskAlerts.Functions.Warnings;

/// <summary>Body of <c>POST /api/warnings</c> and <c>POST /api/warnings/preview</c>, and one item of <c>POST /api/signals</c>.</summary>
public sealed record SubmitWarningRequest
{
    /// <summary>Category id from the configured catalog, e.g. <c>telecom-fraud</c>.</summary>
    public string? Category { get; init; }

    public string? Headline { get; init; }

    public string? Description { get; init; }

    /// <summary>What recipients should do.</summary>
    public string? Instruction { get; init; }

    /// <summary>CAP 1.2: Extreme, Severe, Moderate, Minor, Unknown.</summary>
    public string? Severity { get; init; }

    /// <summary>CAP 1.2: Immediate, Expected, Future, Past, Unknown.</summary>
    public string? Urgency { get; init; }

    /// <summary>CAP 1.2: Observed, Likely, Possible, Unlikely, Unknown.</summary>
    public string? Certainty { get; init; }

    /// <summary>GB/T 2260 codes at any level: 220000 (province), 220100 (prefecture), 220102 (county).</summary>
    public IReadOnlyList<string?>? Regions { get; init; }

    /// <summary>GB/T 4754 sections (<c>J</c>) or divisions (<c>66</c>); empty for every industry.</summary>
    public IReadOnlyList<string?>? Industries { get; init; }

    /// <summary>Unified social credit codes of enterprises targeted by name.</summary>
    public IReadOnlyList<string?>? Targets { get; init; }

    /// <summary><c>sms</c>, <c>email</c>; both when absent.</summary>
    public IReadOnlyList<string?>? Channels { get; init; }

    public DateTimeOffset? EffectiveAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public string? Language { get; init; }

    /// <summary>The platform's own id for a signal; required in <c>POST /api/signals</c>.</summary>
    public string? ExternalId { get; init; }

    public SubmitWarningCommand ToCommand() => new()
    {
        Category = Category,
        Headline = Headline,
        Description = Description,
        Instruction = Instruction,
        Severity = Severity,
        Urgency = Urgency,
        Certainty = Certainty,
        Regions = Regions,
        Industries = Industries,
        Targets = Targets,
        Channels = Channels,
        EffectiveAt = EffectiveAt,
        ExpiresAt = ExpiresAt,
        Language = Language,
        ExternalId = ExternalId,
    };
}

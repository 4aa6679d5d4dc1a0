using System.Text.Json.Serialization;

namespace RiskAlerts.Core.Warnings.Submit;

/// <summary>
/// A warning as a submitter sent it, before validation: every field may be missing or wrong. It is
/// also the JSON body of <c>POST /api/warnings</c> and <c>POST /api/warnings/preview</c>, and one item
/// of <c>POST /api/signals</c>: the parser, not the shape, decides what is acceptable.
/// </summary>
public sealed record SubmitWarningCommand
{
    /// <summary>Category id from the configured catalog, e.g. <c>telecom-fraud</c>.</summary>
    public string? Category { get; init; }

    public string? Headline { get; init; }

    public string? Description { get; init; }

    /// <summary>What recipients should do.</summary>
    public string? Instruction { get; init; }

    /// <summary>CAP 1.2: Extreme, Severe, Moderate, Minor, Unknown.</summary>
    public string? Severity { get; init; }

    /// <summary>
    /// CAP 1.2 <c>status</c>: <c>Actual</c> (default); <c>Exercise</c> or <c>Test</c>, which reach only
    /// contacts registered as exercise participants and carry the exercise prefix; <c>Draft</c> is refused.
    /// </summary>
    /// <remarks>
    /// Left out of the request fingerprint when absent, so a request (or a platform's resent signal)
    /// first made before this field existed still replays instead of conflicting with itself.
    /// </remarks>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CapStatus { get; init; }

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

    /// <summary>BCP 47 tag of the text: <c>zh-CN</c> (default) or <c>en</c>.</summary>
    public string? Language { get; init; }

    /// <summary>The platform's own id for a signal; required in <c>POST /api/signals</c>, empty for analysts.</summary>
    public string? ExternalId { get; init; }
}

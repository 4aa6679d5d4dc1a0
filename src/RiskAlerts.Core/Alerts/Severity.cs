namespace RiskAlerts.Core.Alerts;

/// <summary>
/// CAP 1.2 <c>severity</c>. The numeric values order the known levels so that
/// "at least Moderate" is a comparison; <see cref="Unknown"/> sorts lowest, so only a
/// subscriber whose minimum is <see cref="Unknown"/> receives warnings of unknown severity.
/// </summary>
public enum Severity
{
    /// <summary>Severity unknown.</summary>
    Unknown = 0,

    /// <summary>Minimal to no known threat to life or property.</summary>
    Minor = 1,

    /// <summary>Possible threat to life or property.</summary>
    Moderate = 2,

    /// <summary>Significant threat to life or property.</summary>
    Severe = 3,

    /// <summary>Extraordinary threat to life or property; bypasses quiet hours.</summary>
    Extreme = 4,
}

/// <summary>CAP 1.2 <c>urgency</c>: how soon responsive action should be taken.</summary>
public enum Urgency
{
    /// <summary>Urgency not known.</summary>
    Unknown = 0,

    /// <summary>Responsive action is no longer required.</summary>
    Past = 1,

    /// <summary>Responsive action should be taken in the near future.</summary>
    Future = 2,

    /// <summary>Responsive action should be taken soon (within the next hour).</summary>
    Expected = 3,

    /// <summary>Responsive action should be taken immediately.</summary>
    Immediate = 4,
}

/// <summary>CAP 1.2 <c>certainty</c>: how sure the issuer is of the subject event.</summary>
public enum Certainty
{
    /// <summary>Certainty unknown.</summary>
    Unknown = 0,

    /// <summary>Not expected to occur (p ≈ 0).</summary>
    Unlikely = 1,

    /// <summary>Possible but not likely (p ≤ ~50%).</summary>
    Possible = 2,

    /// <summary>Likely (p > ~50%).</summary>
    Likely = 3,

    /// <summary>Determined to have occurred or to be ongoing.</summary>
    Observed = 4,
}

/// <summary>Comparisons on <see cref="Severity"/>.</summary>
public static class SeverityExtensions
{
    /// <summary>True when <paramref name="severity"/> reaches <paramref name="minimum"/>.</summary>
    public static bool IsAtLeast(this Severity severity, Severity minimum) => severity >= minimum;

    /// <summary>True for <see cref="Severity.Extreme"/>, the one level that is delivered during quiet hours.</summary>
    public static bool BypassesQuietHours(this Severity severity) => severity == Severity.Extreme;
}

namespace RiskAlerts.Core.Alerts;

/// <summary>
/// CAP 1.2 <c>status</c>: who a warning is meant for. <see cref="Exercise"/> and <see cref="Test"/>
/// warnings reach only contacts registered as exercise participants and say so in every text;
/// a <see cref="Draft"/> is never issued (submitting one is refused).
/// </summary>
public enum CapStatus
{
    /// <summary>Actionable by all targeted recipients.</summary>
    Actual = 0,

    /// <summary>A drill: only designated participants act on it.</summary>
    Exercise = 1,

    /// <summary>Technical testing only: all recipients disregard it.</summary>
    Test = 2,

    /// <summary>A preliminary template or draft, not actionable in its current form.</summary>
    Draft = 3,
}

/// <summary>What a <see cref="CapStatus"/> means for delivery.</summary>
public static class CapStatusExtensions
{
    /// <summary>True for exercises and tests: only exercise participants receive them, with the exercise prefix.</summary>
    public static bool IsRehearsal(this CapStatus status) => status is CapStatus.Exercise or CapStatus.Test;
}

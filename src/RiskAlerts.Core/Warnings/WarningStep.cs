namespace RiskAlerts.Core.Warnings;

/// <summary>One step of a warning's life, with who took it and when.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="By">The principal's name (or the platform's).</param>
/// <param name="At">When.</param>
/// <param name="Note">The reason given, or why the warning was held.</param>
public sealed record WarningStep(WarningStepKind Kind, string By, DateTimeOffset At, string? Note = null);

/// <summary>The steps a warning's trail records.</summary>
public enum WarningStepKind
{
    /// <summary>Accepted at the front door.</summary>
    Submitted,

    /// <summary>Held for a second principal's approval.</summary>
    HeldForApproval,

    /// <summary>Approved by a second principal; planning starts.</summary>
    Approved,

    /// <summary>Rejected by an approver, with a reason; nothing is sent.</summary>
    Rejected,

    /// <summary>Retracted, with a reason; nothing more is sent.</summary>
    Retracted,

    /// <summary>An Update replaced it; the note names the update.</summary>
    Updated,

    /// <summary>A Cancel called it off; the note names the cancel and its reason.</summary>
    CalledOff,
}

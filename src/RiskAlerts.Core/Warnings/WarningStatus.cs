namespace RiskAlerts.Core.Warnings;

/// <summary>
/// Lifecycle: (PendingApproval →) Accepted → Planned → Delivering → Completed, or Cancelled / Expired (a Cancel or a retraction) / Superseded (an Update);
/// a warning held for approval may instead be Rejected, and then nothing is sent.
/// </summary>
public enum WarningStatus
{
    Accepted,
    Planned,
    Delivering,
    Completed,
    Cancelled,
    Expired,

    /// <summary>Waits for a second principal's approval before anything is planned.</summary>
    PendingApproval,

    /// <summary>An approver refused it; nothing was or will be sent.</summary>
    Rejected,

    /// <summary>An Update replaced it: what of it was still pending expires, and its recipients hear the correction.</summary>
    Superseded,
}

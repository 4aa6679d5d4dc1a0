namespace RiskAlerts.Core.Warnings;

/// <summary>Lifecycle: Accepted → Planned → Delivering → Completed, or Cancelled / Expired.</summary>
public enum WarningStatus
{
    Accepted,
    Planned,
    Delivering,
    Completed,
    Cancelled,
    Expired,
}

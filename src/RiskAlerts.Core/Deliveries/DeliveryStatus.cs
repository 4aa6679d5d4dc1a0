namespace RiskAlerts.Core.Deliveries;

/// <summary>Where one recipient's delivery stands. The allowed moves are in <see cref="DeliveryStateMachine"/>.</summary>
public enum DeliveryStatus
{
    /// <summary>Written by the planner; waiting for its batch message.</summary>
    Planned,

    /// <summary>Claimed row by row by an earlier version of the sender; read as Planned whose outcome is unknown.</summary>
    Sending,

    /// <summary>The provider accepted the message (SMS: a receipt follows; email: the SMTP server took it).</summary>
    Sent,

    /// <summary>The provider's receipt says the phone received it.</summary>
    Delivered,

    /// <summary>The provider's receipt says the phone did not receive it.</summary>
    Undelivered,

    /// <summary>Not sent and never retried; <see cref="DeliveryRecord.Reason"/> says why.</summary>
    Failed,

    /// <summary>Deliberately not sent (opt-out, daily cap); <see cref="DeliveryRecord.Reason"/> says which.</summary>
    Suppressed,

    /// <summary>The warning expired or was retracted before the message went out.</summary>
    Expired,

    /// <summary>
    /// A request to a provider that cannot be asked twice safely was in flight when its sender
    /// stopped: whether it left is unknown. The provider's receipt settles it; without one it stays so.
    /// </summary>
    Unknown,
}

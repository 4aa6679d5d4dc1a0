using Amqp.Types;

namespace RiskAlerts.LocalServiceBus.Entities;

/// <summary>The message annotations and application properties Service Bus stamps on messages.</summary>
internal static class AnnotationNames
{
    public static readonly Symbol SequenceNumber = new("x-opt-sequence-number");
    public static readonly Symbol EnqueueSequenceNumber = new("x-opt-enqueue-sequence-number");
    public static readonly Symbol EnqueuedTime = new("x-opt-enqueued-time");
    public static readonly Symbol LockedUntil = new("x-opt-locked-until");
    public static readonly Symbol ScheduledEnqueueTime = new("x-opt-scheduled-enqueue-time");

    public const string DeadLetterReasonProperty = "DeadLetterReason";
    public const string DeadLetterErrorDescriptionProperty = "DeadLetterErrorDescription";

    public const string MaxDeliveryCountExceededReason = "MaxDeliveryCountExceeded";
    public const string TimeToLiveExpiredReason = "TTLExpiredException";
    public const string TimeToLiveExpiredDescription = "The message expired and was dead lettered.";
}

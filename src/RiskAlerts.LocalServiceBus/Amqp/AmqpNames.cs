using Amqp.Types;

namespace RiskAlerts.LocalServiceBus.Amqp;

/// <summary>Names the Service Bus client uses on the wire (see its ManagementConstants and CBS link).</summary>
internal static class AmqpNames
{
    public const string CbsAddress = "$cbs";
    public const uint BatchMessageFormat = 0x80013700;

    /// <summary>Largest message (or batch) a link accepts; the client sizes its batches from this.</summary>
    public const ulong MaxMessageSize = 1024 * 1024;

    public const string Operation = "operation";
    public const string PutTokenOperation = "put-token";
    public const string CbsStatusCode = "status-code";
    public const string CbsStatusDescription = "status-description";

    public const string StatusCode = "statusCode";
    public const string StatusDescription = "statusDescription";
    public const string ErrorCondition = "errorCondition";

    public const string RenewLockOperation = "com.microsoft:renew-lock";
    public const string PeekMessageOperation = "com.microsoft:peek-message";
    public const string ScheduleMessageOperation = "com.microsoft:schedule-message";
    public const string CancelScheduledMessageOperation = "com.microsoft:cancel-scheduled-message";
    public const string UpdateDispositionOperation = "com.microsoft:update-disposition";

    /// <summary>The error condition of the <c>rejected</c> outcome with which the client dead-letters a message.</summary>
    public const string DeadLetterCondition = "com.microsoft:dead-letter";

    public const string LockTokens = "lock-tokens";
    public const string Expirations = "expirations";
    public const string FromSequenceNumber = "from-sequence-number";
    public const string MessageCount = "message-count";
    public const string Messages = "messages";
    public const string Message = "message";
    public const string SequenceNumbers = "sequence-numbers";
    public const string DispositionStatus = "disposition-status";
    public const string DeadLetterReason = "deadletter-reason";
    public const string DeadLetterDescription = "deadletter-description";
    public const string PropertiesToModify = "properties-to-modify";

    public static readonly Symbol DeadLetterReasonKey = new("DeadLetterReason");
    public static readonly Symbol DeadLetterErrorDescriptionKey = new("DeadLetterErrorDescription");

    public static readonly Symbol MessageLockLostError = new("com.microsoft:message-lock-lost");
    public static readonly Symbol MessageNotFoundError = new("com.microsoft:message-not-found");
    public static readonly Symbol EntityNotFoundError = new("amqp:not-found");
    public static readonly Symbol NotImplementedError = new("amqp:not-implemented");
    public static readonly Symbol NotAllowedError = new("amqp:not-allowed");
}

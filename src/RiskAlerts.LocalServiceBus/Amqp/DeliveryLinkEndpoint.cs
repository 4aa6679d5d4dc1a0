using Amqp;
using Amqp.Framing;
using Amqp.Listener;
using Microsoft.Extensions.Logging;
using RiskAlerts.LocalServiceBus.Entities;

namespace RiskAlerts.LocalServiceBus.Amqp;

/// <summary>A receiver's link out of a queue, subscription or dead-letter sub-queue.</summary>
/// <remarks>
/// When the link or its connection goes away, AMQPNetLite reports every message still unsettled on
/// it as <see cref="Released"/>, or as <see cref="Rejected"/> with the error when the connection broke.
/// With <c>releaseLocksOnDisconnect</c> the store takes them back at
/// once, their delivery count raised as a lock expiry would; without it that report is ignored and
/// each lock stands until it expires, as in Service Bus.
/// </remarks>
internal sealed class DeliveryLinkEndpoint : LinkEndpoint, IMessageConsumer
{
    private static readonly Accepted AcceptedOutcome = new();

    private readonly ListenerLink _link;
    private readonly MessageStore _store;
    private readonly bool _releaseLocksOnDisconnect;
    private readonly BrokerCounters _counters;
    private readonly ILogger _logger;
    private volatile bool _detached;

    public DeliveryLinkEndpoint(ListenerLink link, MessageStore store, bool releaseLocksOnDisconnect, BrokerCounters counters, ILogger logger)
    {
        _link = link;
        _store = store;
        _releaseLocksOnDisconnect = releaseLocksOnDisconnect;
        _counters = counters;
        _logger = logger;

        // Raised before the link's unsettled messages are reported released, so those reports can be told apart.
        link.AddClosedCallback((_, _) => _detached = true);
    }

    public bool ReceiveAndDelete => _link.SettleOnSend;

    public int Credit { get; set; }

    public bool TrySend(DeliveredMessage message)
    {
        if (_link.IsClosed)
        {
            return false;
        }

        // Counted before it leaves: the receiver may hold the message before SendMessage returns, and
        // a count read then must include it.
        _counters.CountDelivered();
        try
        {
            _link.SendMessage(message);
            return true;
        }
        catch (AmqpException exception)
        {
            _counters.CountUndelivered();
            _logger.LogDebug(exception, "Link to {EntityPath} closed while sending; message returned", _store.Path);
            return false;
        }
    }

    public void CompleteDrain() => _link.CompleteDrain();

    public override void OnFlow(FlowContext flowContext) =>
        _store.OnCredit(this, flowContext.Messages, flowContext.Link.IsDraining);

    public override void OnDisposition(DispositionContext dispositionContext)
    {
        if (ReceiveAndDelete || dispositionContext.Message is not DeliveredMessage delivered)
        {
            return;
        }

        var departed = IsDeparture(dispositionContext.DeliveryState, linkGone: _detached || _link.IsClosed);
        if (departed && !_releaseLocksOnDisconnect)
        {
            // The receiver went away holding the message: its lock stands until it expires.
            _logger.LogDebug("Receiver of {EntityPath} went away holding a locked message; the lock {LockToken} is kept until it expires", _store.Path, delivered.LockToken);
            return;
        }

        Settlement settlement;
        if (departed)
        {
            // Given back at once, but it was delivered: as when its lock expires in Service Bus, the
            // delivery counts, so the next receiver can tell that the message may have been worked on.
            _counters.CountReleased();
            settlement = new Settlement.Abandon(new Dictionary<string, object?>(StringComparer.Ordinal));
        }
        else
        {
            settlement = ToSettlement(dispositionContext.DeliveryState);
            _counters.CountSettled(settlement);
        }

        var result = _store.Settle(delivered.LockToken, settlement);
        Outcome outcome = result switch
        {
            DispositionResult.Applied => AcceptedOutcome,
            DispositionResult.LockLost => new Rejected
            {
                Error = new Error(AmqpNames.MessageLockLostError)
                {
                    Description = "The lock supplied is invalid. Either the lock expired, or the message has already been removed from the queue.",
                },
            },
            _ => new Rejected
            {
                Error = new Error(AmqpNames.NotImplementedError) { Description = "The local Service Bus broker does not implement this outcome (defer)." },
            },
        };

        // The client waits for the broker to settle with an outcome before it reports success.
        if (!dispositionContext.Settled)
        {
            dispositionContext.Link.DisposeMessage(dispositionContext.Message, outcome, true);
        }
    }

    public override void OnLinkClosed(ListenerLink link, Error error) => _store.RemoveConsumer(this);

    /// <summary>
    /// Whether the state is AMQPNetLite's report that the message left with its link, not a
    /// receiver's decision: it reports unsettled messages <see cref="Released"/> when the link closes,
    /// and <see cref="Rejected"/> with the transport's error when the connection breaks (a reset, a
    /// killed process). The client dead-letters with a <see cref="Rejected"/> of its own condition,
    /// <c>com.microsoft:dead-letter</c>; any other rejection is the link going, never a dead-letter.
    /// </summary>
    internal static bool IsDeparture(DeliveryState? state, bool linkGone) => state switch
    {
        Released => linkGone,
        Rejected rejected => !string.Equals(rejected.Error?.Condition?.ToString(), AmqpNames.DeadLetterCondition, StringComparison.Ordinal),
        _ => false,
    };

    private static Settlement ToSettlement(DeliveryState? state) => state switch
    {
        Accepted => new Settlement.Complete(),
        Modified { UndeliverableHere: true } => new Settlement.Defer(),
        Modified modified => new Settlement.Abandon(AmqpProperties.ToDictionary(modified.MessageAnnotations)),
        Rejected rejected => new Settlement.DeadLetter(
            rejected.Error?.Info?[AmqpNames.DeadLetterReasonKey] as string,
            rejected.Error?.Info?[AmqpNames.DeadLetterErrorDescriptionKey] as string,
            AmqpProperties.ToDictionary(rejected.Error?.Info, skip: [AmqpNames.DeadLetterReasonKey, AmqpNames.DeadLetterErrorDescriptionKey])),
        _ => new Settlement.Release(),
    };
}

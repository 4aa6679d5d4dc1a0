using Amqp;
using Amqp.Framing;
using Amqp.Listener;
using Amqp.Types;
using Microsoft.Extensions.Logging;
using RiskAlerts.LocalServiceBus.Entities;

namespace RiskAlerts.LocalServiceBus.Amqp;

/// <summary>A receiver's link out of a queue, subscription or dead-letter sub-queue.</summary>
internal sealed class DeliveryLinkEndpoint(ListenerLink link, MessageStore store, BrokerCounters counters, ILogger logger) : LinkEndpoint, IMessageConsumer
{
    private static readonly Accepted AcceptedOutcome = new();

    public bool ReceiveAndDelete => link.SettleOnSend;

    public int Credit { get; set; }

    public bool TrySend(DeliveredMessage message)
    {
        if (link.IsClosed)
        {
            return false;
        }

        try
        {
            link.SendMessage(message);
            counters.CountDelivered();
            return true;
        }
        catch (AmqpException exception)
        {
            logger.LogDebug(exception, "Link to {EntityPath} closed while sending; message returned", store.Path);
            return false;
        }
    }

    public void CompleteDrain() => link.CompleteDrain();

    public override void OnFlow(FlowContext flowContext) =>
        store.OnCredit(this, flowContext.Messages, flowContext.Link.IsDraining);

    public override void OnDisposition(DispositionContext dispositionContext)
    {
        if (ReceiveAndDelete || dispositionContext.Message is not DeliveredMessage delivered)
        {
            return;
        }

        var settlement = ToSettlement(dispositionContext.DeliveryState);
        Count(settlement);
        var result = store.Settle(delivered.LockToken, settlement);
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

    public override void OnLinkClosed(ListenerLink link, Error error) => store.RemoveConsumer(this);

    private void Count(Settlement settlement)
    {
        switch (settlement)
        {
            case Settlement.Complete:
                counters.CountCompleted();
                break;
            case Settlement.Abandon:
                counters.CountAbandoned();
                break;
            case Settlement.DeadLetter:
                counters.CountDeadLettered();
                break;
            default:
                counters.CountReleased();
                break;
        }
    }

    private static Settlement ToSettlement(DeliveryState? state) => state switch
    {
        Accepted => new Settlement.Complete(),
        Modified { UndeliverableHere: true } => new Settlement.Defer(),
        Modified modified => new Settlement.Abandon(ToProperties(modified.MessageAnnotations, skip: null)),
        Rejected rejected => new Settlement.DeadLetter(
            rejected.Error?.Info?[AmqpNames.DeadLetterReasonKey] as string,
            rejected.Error?.Info?[AmqpNames.DeadLetterErrorDescriptionKey] as string,
            ToProperties(rejected.Error?.Info, skip: [AmqpNames.DeadLetterReasonKey, AmqpNames.DeadLetterErrorDescriptionKey])),
        _ => new Settlement.Release(),
    };

    private static Dictionary<string, object?> ToProperties(Fields? fields, Symbol[]? skip)
    {
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (fields is null)
        {
            return properties;
        }

        foreach (var (key, value) in fields)
        {
            if (skip is not null && skip.Contains(key))
            {
                continue;
            }

            properties[key.ToString()!] = value;
        }

        return properties;
    }
}

using Amqp;
using Amqp.Framing;
using Amqp.Listener;
using Amqp.Types;
using Microsoft.Extensions.Logging;
using RiskAlerts.LocalServiceBus.Entities;

namespace RiskAlerts.LocalServiceBus.Amqp;

/// <summary>A sender's link into a queue or topic: unpacks batches and hands each message to the entity.</summary>
internal sealed class IncomingLinkEndpoint(SendTarget target, ILogger logger) : LinkEndpoint
{
    public const int Credit = 500;

    public override void OnMessage(MessageContext messageContext)
    {
        try
        {
            var message = messageContext.Message;
            if (message.Format == AmqpNames.BatchMessageFormat)
            {
                foreach (var encoded in DataSections(message.BodySection))
                {
                    target.Accept(Message.Decode(new ByteBuffer(encoded, 0, encoded.Length, encoded.Length)));
                }
            }
            else
            {
                target.Accept(DetachFromNetworkBuffer(message));
            }

            messageContext.Complete();
        }
        catch (AmqpException exception)
        {
            logger.LogWarning(exception, "Message to {EntityPath} rejected", target.Path);
            messageContext.Complete(exception.Error);
        }
    }

    public override void OnFlow(FlowContext flowContext)
    {
        // Senders' flow frames carry nothing the broker needs.
    }

    public override void OnDisposition(DispositionContext dispositionContext)
    {
        // The broker never sends on this link.
    }

    private static IEnumerable<byte[]> DataSections(RestrictedDescribed? body)
    {
        switch (body)
        {
            case Data data:
                yield return data.Binary;
                break;
            case DataList list:
                for (var index = 0; index < list.Count; index++)
                {
                    yield return list[index].Binary;
                }

                break;
            default:
                throw new AmqpException(ErrorCode.DecodeError, "A batch message must carry its messages as data sections.");
        }
    }

    // Data sections decoded by AMQPNetLite point into the frame buffer; stored messages get their own copy.
    private static Message DetachFromNetworkBuffer(Message message)
    {
        message.BodySection = message.BodySection switch
        {
            Data data => new Data { Binary = data.Binary },
            DataList list => CopyDataList(list),
            var other => other,
        };
        return message;
    }

    private static DataList CopyDataList(DataList list)
    {
        var copy = new DataList();
        for (var index = 0; index < list.Count; index++)
        {
            copy.Add(new Data { Binary = list[index].Binary });
        }

        return copy;
    }
}

using Amqp.Handler;
using RiskAlerts.LocalServiceBus.Entities;

namespace RiskAlerts.LocalServiceBus.Amqp;

/// <summary>
/// Makes each delivery tag the message's 16-byte lock token: the Service Bus client reads the
/// tag as the lock token, and AMQPNetLite's default 4-byte tags make it treat every message as peeked.
/// </summary>
internal sealed class DeliveryTagHandler : IHandler
{
    public static readonly DeliveryTagHandler Instance = new();

    public bool CanHandle(EventId id) => id == EventId.SendDelivery;

    public void Handle(Event protocolEvent)
    {
        if (protocolEvent.Context is IDelivery { Message: DeliveredMessage delivered } delivery)
        {
            delivery.Tag = delivered.LockToken.ToByteArray();
        }
    }
}

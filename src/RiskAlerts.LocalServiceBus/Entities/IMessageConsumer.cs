namespace RiskAlerts.LocalServiceBus.Entities;

/// <summary>A receiving link as the entity sees it: credit to spend and a way to hand over a message.</summary>
internal interface IMessageConsumer
{
    /// <summary>Whether the receiver settles on send (ReceiveAndDelete): no lock, the message is gone once sent.</summary>
    bool ReceiveAndDelete { get; }

    /// <summary>Messages the receiver still asked for. Guarded by the store's lock.</summary>
    int Credit { get; set; }

    /// <summary>Sends one message over the link.</summary>
    /// <returns><see langword="false"/> when the link is closing and the message was not sent.</returns>
    bool TrySend(DeliveredMessage message);

    /// <summary>Tells the receiver that its outstanding credit is used up (an AMQP drain completes).</summary>
    void CompleteDrain();
}

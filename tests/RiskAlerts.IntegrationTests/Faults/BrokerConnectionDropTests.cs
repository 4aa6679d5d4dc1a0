using Azure.Messaging.ServiceBus;
using RiskAlerts.LocalServiceBus;

namespace RiskAlerts.IntegrationTests.Faults;

/// <summary>
/// A receiver whose connection to the broker is reset while it holds a message: once the client has
/// a new receive link, it settles that message by its lock token over the entity's management link,
/// since the link it came on is gone. (Settled before the client has noticed the reset, the message
/// fails with <c>MessageLockLost</c> in the client itself, whatever the broker would say.)
/// </summary>
public sealed class BrokerConnectionDropTests
{
    private static readonly TimeSpan LockDuration = TimeSpan.FromSeconds(4);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AMessageHeldAcrossAResetConnectionIsCompletedByItsLockTokenAndNotDeliveredAgain()
    {
        await using var held = await HeldAcrossResetAsync(releaseLocksOnDisconnect: false, "held-across");
        Assert.Null(await held.Receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(500), Cancellation));

        await held.Receiver.CompleteMessageAsync(held.Message, Cancellation);

        // Well past the lock: a message whose completion was lost would be back by now.
        Assert.Null(await held.Receiver.ReceiveMessageAsync(LockDuration + TimeSpan.FromSeconds(2), Cancellation));
        Assert.Equal(0, held.Broker.GetCounts("held").Active);
        Assert.Equal(1, held.Broker.Counters.Completed);
    }

    [Fact]
    public async Task AMessageHeldAcrossAResetConnectionCanBeAbandonedByItsLockTokenAndComesBackCounted()
    {
        await using var held = await HeldAcrossResetAsync(releaseLocksOnDisconnect: false, "abandoned-across");
        Assert.Null(await held.Receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(500), Cancellation));

        await held.Receiver.AbandonMessageAsync(held.Message, new Dictionary<string, object> { ["reason"] = "dropped" }, Cancellation);

        // Given back at once by the abandon, not after the lock.
        var again = await held.Receiver.ReceiveMessageAsync(LockDuration / 2, Cancellation);
        Assert.NotNull(again);
        Assert.Equal("abandoned-across", again.MessageId);
        Assert.Equal(2, again.DeliveryCount);
        Assert.Equal("dropped", again.ApplicationProperties["reason"]);
        await held.Receiver.CompleteMessageAsync(again, Cancellation);
    }

    [Fact]
    public async Task AMessageGivenBackWhenItsConnectionWentCannotBeCompletedByItsOldLockToken()
    {
        await using var held = await HeldAcrossResetAsync(releaseLocksOnDisconnect: true, "given-back");
        var again = await held.Receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10), Cancellation);
        Assert.NotNull(again);
        Assert.Equal(2, again.DeliveryCount);

        var lost = await Assert.ThrowsAsync<ServiceBusException>(() => held.Receiver.CompleteMessageAsync(held.Message, Cancellation));

        Assert.Equal(ServiceBusFailureReason.MessageLockLost, lost.Reason);
        await held.Receiver.CompleteMessageAsync(again, Cancellation);
        Assert.Equal(0, held.Broker.GetCounts("held").Active);
    }

    /// <summary>A message received through a relay to the broker, whose connections are then reset.</summary>
    private static async Task<HeldMessage> HeldAcrossResetAsync(bool releaseLocksOnDisconnect, string messageId)
    {
        var broker = await LocalServiceBusBroker.StartAsync(
            new BrokerTopology
            {
                ReleaseLocksOnDisconnect = releaseLocksOnDisconnect,
                Queues = [new QueueDefinition { Name = "held", LockDuration = releaseLocksOnDisconnect ? TimeSpan.FromSeconds(60) : LockDuration }],
            },
            cancellationToken: Cancellation);
        var proxy = TcpFaultProxy.Start(broker.Port);
        var client = new ServiceBusClient(LocalServiceBusBroker.ConnectionStringFor(proxy.Port));
        var held = new HeldMessage(broker, proxy, client, client.CreateReceiver("held"));
        await using (var sender = client.CreateSender("held"))
        {
            await sender.SendMessageAsync(new ServiceBusMessage(messageId) { MessageId = messageId }, Cancellation);
        }

        held.Message = await held.Receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10), Cancellation)
            ?? throw new InvalidOperationException("The message sent was not received.");
        proxy.DropConnections();
        return held;
    }

    private sealed class HeldMessage(LocalServiceBusBroker broker, TcpFaultProxy proxy, ServiceBusClient client, ServiceBusReceiver receiver) : IAsyncDisposable
    {
        public LocalServiceBusBroker Broker => broker;

        public ServiceBusReceiver Receiver => receiver;

        public ServiceBusReceivedMessage Message { get; set; } = null!;

        public async ValueTask DisposeAsync()
        {
            await receiver.DisposeAsync();
            await client.DisposeAsync();
            await proxy.DisposeAsync();
            await broker.DisposeAsync();
        }
    }
}

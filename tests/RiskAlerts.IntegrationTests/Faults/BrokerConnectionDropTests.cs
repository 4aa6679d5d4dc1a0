using Azure.Messaging.ServiceBus;
using RiskAlerts.LocalServiceBus;

namespace RiskAlerts.IntegrationTests.Faults;

/// <summary>
/// A receiver whose connection to the broker is reset while it holds a message: the Service Bus
/// client reconnects and settles that message by its lock token over the entity's management link,
/// since the link it came on is gone.
/// </summary>
public sealed class BrokerConnectionDropTests
{
    private static readonly TimeSpan LockDuration = TimeSpan.FromSeconds(4);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AMessageHeldAcrossAResetConnectionIsCompletedByItsLockTokenAndNotDeliveredAgain()
    {
        await using var broker = await StartAsync(releaseLocksOnDisconnect: false);
        await using var proxy = TcpFaultProxy.Start(broker.Port);
        await using var client = new ServiceBusClient(LocalServiceBusBroker.ConnectionStringFor(proxy.Port));
        await using var receiver = client.CreateReceiver("held");
        await SendAsync(client, "held-across");
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10), Cancellation);
        Assert.NotNull(message);

        proxy.DropConnections();
        await receiver.CompleteMessageAsync(message, Cancellation);

        // Well past the lock: a message whose completion was lost would be back by now.
        var again = await receiver.ReceiveMessageAsync(LockDuration + TimeSpan.FromSeconds(2), Cancellation);
        Assert.Null(again);
        Assert.Equal(0, broker.GetCounts("held").Active);
        Assert.Equal(1, broker.Counters.Completed);
    }

    [Fact]
    public async Task AMessageHeldAcrossAResetConnectionCanBeAbandonedByItsLockTokenAndComesBackCounted()
    {
        await using var broker = await StartAsync(releaseLocksOnDisconnect: false);
        await using var proxy = TcpFaultProxy.Start(broker.Port);
        await using var client = new ServiceBusClient(LocalServiceBusBroker.ConnectionStringFor(proxy.Port));
        await using var receiver = client.CreateReceiver("held");
        await SendAsync(client, "abandoned-across");
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10), Cancellation);
        Assert.NotNull(message);

        proxy.DropConnections();
        await receiver.AbandonMessageAsync(message, new Dictionary<string, object> { ["reason"] = "dropped" }, Cancellation);

        // Given back at once by the abandon, not after the lock.
        var again = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(LockDuration.TotalSeconds / 2), Cancellation);
        Assert.NotNull(again);
        Assert.Equal("abandoned-across", again.MessageId);
        Assert.Equal(2, again.DeliveryCount);
        Assert.Equal("dropped", again.ApplicationProperties["reason"]);
        await receiver.CompleteMessageAsync(again, Cancellation);
    }

    [Fact]
    public async Task AMessageGivenBackWhenItsConnectionWentCannotBeCompletedByItsOldLockToken()
    {
        await using var broker = await StartAsync(releaseLocksOnDisconnect: true);
        await using var proxy = TcpFaultProxy.Start(broker.Port);
        await using var client = new ServiceBusClient(LocalServiceBusBroker.ConnectionStringFor(proxy.Port));
        await using var receiver = client.CreateReceiver("held");
        await SendAsync(client, "given-back");
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10), Cancellation);
        Assert.NotNull(message);

        proxy.DropConnections();
        var lost = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.CompleteMessageAsync(message, Cancellation));

        Assert.Equal(ServiceBusFailureReason.MessageLockLost, lost.Reason);
        var again = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10), Cancellation);
        Assert.NotNull(again);
        Assert.Equal(2, again.DeliveryCount);
        await receiver.CompleteMessageAsync(again, Cancellation);
    }

    private static Task<LocalServiceBusBroker> StartAsync(bool releaseLocksOnDisconnect) =>
        LocalServiceBusBroker.StartAsync(
            new BrokerTopology
            {
                ReleaseLocksOnDisconnect = releaseLocksOnDisconnect,
                Queues = [new QueueDefinition { Name = "held", LockDuration = releaseLocksOnDisconnect ? TimeSpan.FromSeconds(60) : LockDuration }],
            },
            cancellationToken: Cancellation);

    private static async Task SendAsync(ServiceBusClient client, string messageId)
    {
        await using var sender = client.CreateSender("held");
        await sender.SendMessageAsync(new ServiceBusMessage(messageId) { MessageId = messageId }, Cancellation);
    }
}

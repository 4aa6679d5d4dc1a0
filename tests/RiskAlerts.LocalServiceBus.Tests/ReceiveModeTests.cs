using Azure.Messaging.ServiceBus;

namespace RiskAlerts.LocalServiceBus.Tests;

public sealed class ReceiveModeTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReceiveAndDeleteRemovesTheMessageOnReceipt()
    {
        await using var sender = fixture.Client.CreateSender("receive-and-delete");
        await using var receiver = fixture.Client.CreateReceiver("receive-and-delete", new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        await sender.SendMessageAsync(new ServiceBusMessage("once") { MessageId = "once" }, Cancellation);

        var received = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Cancellation);

        Assert.NotNull(received);
        Assert.Equal("once", received.MessageId);
        Assert.Equal(0, fixture.Broker.GetCounts("receive-and-delete").Active);
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(500), Cancellation));
    }

    [Fact]
    public async Task PeekReturnsMessagesInOrderWithoutLockingThem()
    {
        await using var sender = fixture.Client.CreateSender("peek");
        await using var receiver = fixture.Client.CreateReceiver("peek");
        await sender.SendMessagesAsync([.. Enumerable.Range(1, 3).Select(index => new ServiceBusMessage($"m{index}") { MessageId = $"peek-{index}" })], Cancellation);

        var peeked = await receiver.PeekMessagesAsync(10, cancellationToken: Cancellation);

        Assert.Equal(["peek-1", "peek-2", "peek-3"], peeked.Select(message => message.MessageId));
        Assert.True(peeked[0].SequenceNumber < peeked[1].SequenceNumber && peeked[1].SequenceNumber < peeked[2].SequenceNumber);
        Assert.Equal(3, fixture.Broker.GetCounts("peek").Active);
        Assert.Empty(await receiver.PeekMessagesAsync(10, cancellationToken: Cancellation));

        var received = await receiver.ReceiveMessagesAsync(3, TimeSpan.FromSeconds(5), Cancellation);
        Assert.Equal("peek-1", received[0].MessageId);
        Assert.Equal(1, received[0].DeliveryCount);
    }
}

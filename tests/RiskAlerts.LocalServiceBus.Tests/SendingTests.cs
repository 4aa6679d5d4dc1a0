using Azure.Messaging.ServiceBus;

namespace RiskAlerts.LocalServiceBus.Tests;

public sealed class SendingTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OneSentMessageIsReceived()
    {
        await using var sender = fixture.Client.CreateSender("send-one");
        await using var receiver = fixture.Client.CreateReceiver("send-one");

        await sender.SendMessageAsync(new ServiceBusMessage("hello") { MessageId = "one" }, Cancellation);
        var received = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Cancellation);

        Assert.NotNull(received);
        Assert.Equal("one", received.MessageId);
        Assert.Equal("hello", received.Body.ToString());
        Assert.Equal(1, received.DeliveryCount);
        Assert.True(received.SequenceNumber > 0);
        Assert.True(received.LockedUntil > DateTimeOffset.UtcNow);
        Assert.NotEqual(Guid.Empty.ToString(), received.LockToken);
    }

    [Fact]
    public async Task EveryMessageOfABatchIsReceived()
    {
        await using var sender = fixture.Client.CreateSender("send-batch");
        await using var receiver = fixture.Client.CreateReceiver("send-batch");

        using var batch = await sender.CreateMessageBatchAsync(Cancellation);
        for (var index = 0; index < 50; index++)
        {
            Assert.True(batch.TryAddMessage(new ServiceBusMessage($"message {index}") { MessageId = $"batch-{index}" }));
        }

        await sender.SendMessagesAsync(batch, Cancellation);

        var received = new List<ServiceBusReceivedMessage>();
        while (received.Count < 50)
        {
            var messages = await receiver.ReceiveMessagesAsync(50, TimeSpan.FromSeconds(5), Cancellation);
            Assert.NotEmpty(messages);
            received.AddRange(messages);
        }

        // Every message exactly once; ordering is the peek test's concern (Service Bus does not promise it to receivers).
        Assert.Equal(
            Enumerable.Range(0, 50).Select(index => $"batch-{index}").Order(StringComparer.Ordinal),
            received.Select(message => message.MessageId).Order(StringComparer.Ordinal));
        Assert.Equal(50, fixture.Broker.GetCounts("send-batch").Active);
    }

    [Fact]
    public async Task SendingToAnUnknownEntityFailsWithMessagingEntityNotFound()
    {
        await using var sender = fixture.Client.CreateSender("no-such-queue");

        var exception = await Assert.ThrowsAsync<ServiceBusException>(
            () => sender.SendMessageAsync(new ServiceBusMessage("lost"), Cancellation));

        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, exception.Reason);
    }

    [Fact]
    public async Task ReceivingFromAnUnknownEntityFailsWithMessagingEntityNotFound()
    {
        await using var receiver = fixture.Client.CreateReceiver("no-such-queue");

        var exception = await Assert.ThrowsAsync<ServiceBusException>(
            () => receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(1), Cancellation));

        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, exception.Reason);
    }
}

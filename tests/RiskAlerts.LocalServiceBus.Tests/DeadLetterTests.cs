using Azure.Messaging.ServiceBus;

namespace RiskAlerts.LocalServiceBus.Tests;

public sealed class DeadLetterTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DeadLetteredMessageIsReadBackFromTheDeadLetterQueueWithReasonAndDescription()
    {
        await using var sender = fixture.Client.CreateSender("dead-letter");
        await using var receiver = fixture.Client.CreateReceiver("dead-letter");
        await using var deadLetterReceiver = fixture.Client.CreateReceiver("dead-letter", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        await sender.SendMessageAsync(new ServiceBusMessage("poison") { MessageId = "poison-1" }, Cancellation);

        var received = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Cancellation);
        Assert.NotNull(received);
        await receiver.DeadLetterMessageAsync(
            received,
            new Dictionary<string, object> { ["failedRecipients"] = 3 },
            "ValidationFailed",
            "The phone number is not E.164",
            Cancellation);

        Assert.Equal(new EntityCounts(0, 0, 1), fixture.Broker.GetCounts("dead-letter"));
        var deadLettered = await deadLetterReceiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Cancellation);
        Assert.NotNull(deadLettered);
        Assert.Equal("poison-1", deadLettered.MessageId);
        Assert.Equal("poison", deadLettered.Body.ToString());
        Assert.Equal("ValidationFailed", deadLettered.DeadLetterReason);
        Assert.Equal("The phone number is not E.164", deadLettered.DeadLetterErrorDescription);
        Assert.Equal(received.SequenceNumber, deadLettered.SequenceNumber);
        Assert.Equal(3, deadLettered.ApplicationProperties["failedRecipients"]);

        await deadLetterReceiver.CompleteMessageAsync(deadLettered, Cancellation);
        Assert.Equal(new EntityCounts(0, 0, 0), fixture.Broker.GetCounts("dead-letter"));
    }

    [Fact]
    public async Task MessageAbandonedMaxDeliveryCountTimesIsDeadLetteredAutomatically()
    {
        await using var sender = fixture.Client.CreateSender("max-delivery");
        await using var receiver = fixture.Client.CreateReceiver("max-delivery");
        await using var deadLetterReceiver = fixture.Client.CreateReceiver("max-delivery", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        await sender.SendMessageAsync(new ServiceBusMessage("always fails") { MessageId = "retry-me" }, Cancellation);

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var received = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Cancellation);
            Assert.NotNull(received);
            Assert.Equal(attempt, received.DeliveryCount);
            await receiver.AbandonMessageAsync(received, cancellationToken: Cancellation);
        }

        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(500), Cancellation));
        var deadLettered = await deadLetterReceiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Cancellation);
        Assert.NotNull(deadLettered);
        Assert.Equal("retry-me", deadLettered.MessageId);
        Assert.Equal("MaxDeliveryCountExceeded", deadLettered.DeadLetterReason);
        await deadLetterReceiver.CompleteMessageAsync(deadLettered, Cancellation);
    }
}

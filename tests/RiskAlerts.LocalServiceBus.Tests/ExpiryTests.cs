using Azure.Messaging.ServiceBus;

namespace RiskAlerts.LocalServiceBus.Tests;

public sealed class ExpiryTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private static readonly TimeSpan ShortTimeToLive = TimeSpan.FromMilliseconds(300);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MessagePastItsTimeToLiveIsNotDelivered()
    {
        await using var sender = fixture.Client.CreateSender("ttl-discard");
        await using var receiver = fixture.Client.CreateReceiver("ttl-discard");
        await sender.SendMessageAsync(new ServiceBusMessage("stale") { TimeToLive = ShortTimeToLive }, Cancellation);
        await sender.SendMessageAsync(new ServiceBusMessage("fresh") { MessageId = "fresh" }, Cancellation);

        await Task.Delay(ShortTimeToLive * 3, Cancellation);

        var received = await receiver.ReceiveMessagesAsync(10, TimeSpan.FromSeconds(2), Cancellation);
        Assert.Equal(["fresh"], received.Select(message => message.MessageId));
        Assert.Equal(new EntityCounts(1, 0, 0), fixture.Broker.GetCounts("ttl-discard"));
    }

    [Fact]
    public async Task ExpiredMessageIsDeadLetteredWhenTheEntitySaysSo()
    {
        await using var sender = fixture.Client.CreateSender("ttl-dead-letter");
        await using var deadLetterReceiver = fixture.Client.CreateReceiver("ttl-dead-letter", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        await sender.SendMessageAsync(new ServiceBusMessage("too late") { MessageId = "expired", TimeToLive = ShortTimeToLive }, Cancellation);

        var deadLettered = await deadLetterReceiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Cancellation);

        Assert.NotNull(deadLettered);
        Assert.Equal("expired", deadLettered.MessageId);
        Assert.Equal("TTLExpiredException", deadLettered.DeadLetterReason);
        Assert.Equal(0, fixture.Broker.GetCounts("ttl-dead-letter").Active);
    }

    [Fact]
    public async Task EntityDefaultTimeToLiveAppliesToMessagesSentWithoutOne()
    {
        await using var sender = fixture.Client.CreateSender("ttl-default");
        await using var receiver = fixture.Client.CreateReceiver("ttl-default");
        await sender.SendMessageAsync(new ServiceBusMessage("no ttl of its own"), Cancellation);
        Assert.Equal(1, fixture.Broker.GetCounts("ttl-default").Active);

        await Task.Delay(ShortTimeToLive * 3, Cancellation);

        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(500), Cancellation));
        Assert.Equal(new EntityCounts(0, 0, 0), fixture.Broker.GetCounts("ttl-default"));
    }
}

using Azure.Messaging.ServiceBus;

namespace RiskAlerts.LocalServiceBus.Tests;

public sealed class DuplicateDetectionTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SecondMessageWithTheSameMessageIdIsDropped()
    {
        await using var sender = fixture.Client.CreateSender("duplicates");
        await using var receiver = fixture.Client.CreateReceiver("duplicates");

        await sender.SendMessageAsync(new ServiceBusMessage("first") { MessageId = "warning-42" }, Cancellation);
        await sender.SendMessageAsync(new ServiceBusMessage("again") { MessageId = "warning-42" }, Cancellation);
        await sender.SendMessagesAsync([new ServiceBusMessage("other") { MessageId = "warning-43" }, new ServiceBusMessage("third") { MessageId = "warning-42" }], Cancellation);

        var received = await receiver.ReceiveMessagesAsync(10, TimeSpan.FromSeconds(2), Cancellation);
        if (received.Count < 2)
        {
            received = [.. received, .. await receiver.ReceiveMessagesAsync(10, TimeSpan.FromSeconds(2), Cancellation)];
        }

        Assert.Equal(["warning-42", "warning-43"], received.Select(message => message.MessageId));
        Assert.Equal("first", received[0].Body.ToString());
        Assert.Equal(2, fixture.Broker.GetCounts("duplicates").Active);
    }
}

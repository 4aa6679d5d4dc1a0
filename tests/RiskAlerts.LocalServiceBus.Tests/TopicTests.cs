using Azure.Messaging.ServiceBus;

namespace RiskAlerts.LocalServiceBus.Tests;

public sealed class TopicTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MessageReachesOnlyTheSubscriptionWhoseCorrelationFilterMatches()
    {
        await using var sender = fixture.Client.CreateSender("fan-out");
        await using var smsReceiver = fixture.Client.CreateReceiver("fan-out", "sms");
        await using var emailReceiver = fixture.Client.CreateReceiver("fan-out", "email");

        await sender.SendMessagesAsync(
            [
                new ServiceBusMessage("to phones") { MessageId = "sms-batch", ApplicationProperties = { ["channel"] = "sms" } },
                new ServiceBusMessage("to inboxes") { MessageId = "email-batch", ApplicationProperties = { ["channel"] = "email" } },
                new ServiceBusMessage("to nobody") { MessageId = "fax-batch", ApplicationProperties = { ["channel"] = "fax" } },
            ],
            Cancellation);

        var sms = await smsReceiver.ReceiveMessagesAsync(10, TimeSpan.FromSeconds(2), Cancellation);
        var email = await emailReceiver.ReceiveMessagesAsync(10, TimeSpan.FromSeconds(2), Cancellation);

        Assert.Equal(["sms-batch"], sms.Select(message => message.MessageId));
        Assert.Equal(["email-batch"], email.Select(message => message.MessageId));
        Assert.Equal(1, fixture.Broker.GetCounts("fan-out/subscriptions/sms").Active);
        Assert.Equal(1, fixture.Broker.GetCounts("fan-out/subscriptions/email").Active);
        await smsReceiver.CompleteMessageAsync(sms[0], Cancellation);
        await emailReceiver.CompleteMessageAsync(email[0], Cancellation);
        Assert.Equal(0, fixture.Broker.GetCounts("fan-out/subscriptions/sms").Active);
    }
}

using Azure.Messaging.ServiceBus;

namespace RiskAlerts.LocalServiceBus.Tests;

public sealed class MessagePropertyTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryMessagePropertyRoundTrips()
    {
        await using var sender = fixture.Client.CreateSender("round-trip");
        await using var receiver = fixture.Client.CreateReceiver("round-trip");
        var body = new byte[] { 0, 1, 2, 250, 255 };
        var issuedAt = new DateTimeOffset(2026, 5, 1, 8, 30, 15, TimeSpan.FromHours(8));
        var warningId = Guid.NewGuid();
        var sent = new ServiceBusMessage(body)
        {
            MessageId = "warning-7:sms:3",
            CorrelationId = "warning-7",
            Subject = "delivery",
            ContentType = "application/json",
            To = "sms-sender",
            ReplyTo = "receipts",
            TimeToLive = TimeSpan.FromMinutes(30),
            ApplicationProperties =
            {
                ["channel"] = "sms",
                ["recipients"] = 100,
                ["sizeBytes"] = 5_000_000_000L,
                ["extreme"] = true,
                ["score"] = 0.875,
                ["issuedAt"] = issuedAt,
                ["warningId"] = warningId,
            },
        };

        await sender.SendMessageAsync(sent, Cancellation);
        var received = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Cancellation);

        Assert.NotNull(received);
        Assert.Equal(body, received.Body.ToArray());
        Assert.Equal(sent.MessageId, received.MessageId);
        Assert.Equal(sent.CorrelationId, received.CorrelationId);
        Assert.Equal(sent.Subject, received.Subject);
        Assert.Equal(sent.ContentType, received.ContentType);
        Assert.Equal(sent.To, received.To);
        Assert.Equal(sent.ReplyTo, received.ReplyTo);
        Assert.Equal(sent.TimeToLive, received.TimeToLive);
        Assert.Equal("sms", received.ApplicationProperties["channel"]);
        Assert.Equal(100, received.ApplicationProperties["recipients"]);
        Assert.Equal(5_000_000_000L, received.ApplicationProperties["sizeBytes"]);
        Assert.Equal(true, received.ApplicationProperties["extreme"]);
        Assert.Equal(0.875, received.ApplicationProperties["score"]);
        Assert.Equal(issuedAt, received.ApplicationProperties["issuedAt"]);
        Assert.Equal(warningId, received.ApplicationProperties["warningId"]);
        Assert.InRange(received.ExpiresAt - received.EnqueuedTime, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(31));
        await receiver.CompleteMessageAsync(received, Cancellation);
    }
}

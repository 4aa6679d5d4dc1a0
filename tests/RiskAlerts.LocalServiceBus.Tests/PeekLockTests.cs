using Azure.Messaging.ServiceBus;

namespace RiskAlerts.LocalServiceBus.Tests;

public sealed class PeekLockTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CompletedMessageIsGoneFromTheQueue()
    {
        await using var sender = fixture.Client.CreateSender("complete");
        await using var receiver = fixture.Client.CreateReceiver("complete");
        await sender.SendMessageAsync(new ServiceBusMessage("done") { MessageId = "complete-1" }, Cancellation);

        var received = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Cancellation);
        Assert.NotNull(received);
        Assert.Equal(1, fixture.Broker.GetCounts("complete").Active);
        await receiver.CompleteMessageAsync(received, Cancellation);

        Assert.Equal(0, fixture.Broker.GetCounts("complete").Active);
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(500), Cancellation));
    }

    [Fact]
    public async Task AbandonedMessageIsRedeliveredWithIncrementedDeliveryCount()
    {
        await using var sender = fixture.Client.CreateSender("abandon");
        await using var receiver = fixture.Client.CreateReceiver("abandon");
        await sender.SendMessageAsync(new ServiceBusMessage("again") { MessageId = "abandon-1" }, Cancellation);

        var first = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Cancellation);
        Assert.NotNull(first);
        await receiver.AbandonMessageAsync(first, new Dictionary<string, object> { ["attempt"] = 1 }, Cancellation);
        var second = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Cancellation);

        Assert.NotNull(second);
        Assert.Equal("abandon-1", second.MessageId);
        Assert.Equal(first.SequenceNumber, second.SequenceNumber);
        Assert.Equal(1, first.DeliveryCount);
        Assert.Equal(2, second.DeliveryCount);
        Assert.Equal(1, second.ApplicationProperties["attempt"]);
        Assert.NotEqual(first.LockToken, second.LockToken);
        await receiver.CompleteMessageAsync(second, Cancellation);
    }

    [Fact]
    public async Task MessageWhoseLockExpiresIsRedelivered()
    {
        await using var sender = fixture.Client.CreateSender("lock-expiry");
        await using var receiver = fixture.Client.CreateReceiver("lock-expiry");
        await sender.SendMessageAsync(new ServiceBusMessage("slow") { MessageId = "expiring-lock" }, Cancellation);

        var first = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Cancellation);
        Assert.NotNull(first);
        Assert.Equal(1, first.DeliveryCount);

        var second = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Cancellation);

        Assert.NotNull(second);
        Assert.Equal("expiring-lock", second.MessageId);
        Assert.Equal(2, second.DeliveryCount);
        await receiver.CompleteMessageAsync(second, Cancellation);
    }

    [Fact]
    public async Task CompletingAfterTheLockExpiredFailsWithMessageLockLost()
    {
        await using var sender = fixture.Client.CreateSender("lock-lost");
        await using var receiver = fixture.Client.CreateReceiver("lock-lost");
        await sender.SendMessageAsync(new ServiceBusMessage("late"), Cancellation);

        var received = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Cancellation);
        Assert.NotNull(received);
        await Task.Delay(BrokerFixture.ShortLock + TimeSpan.FromMilliseconds(300), Cancellation);

        var exception = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.CompleteMessageAsync(received, Cancellation));
        Assert.Equal(ServiceBusFailureReason.MessageLockLost, exception.Reason);
    }

    [Fact]
    public async Task RenewedLockOutlivesTheOriginalLockDuration()
    {
        await using var sender = fixture.Client.CreateSender("renew-lock");
        await using var receiver = fixture.Client.CreateReceiver("renew-lock");
        await sender.SendMessageAsync(new ServiceBusMessage("long job"), Cancellation);

        var received = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Cancellation);
        Assert.NotNull(received);
        var originalLockedUntil = received.LockedUntil;

        await Task.Delay(TimeSpan.FromSeconds(1.5), Cancellation);
        await receiver.RenewMessageLockAsync(received, Cancellation);
        Assert.True(received.LockedUntil > originalLockedUntil.AddSeconds(1));

        await Task.Delay(TimeSpan.FromSeconds(2), Cancellation);
        Assert.True(DateTimeOffset.UtcNow > originalLockedUntil);
        await receiver.CompleteMessageAsync(received, Cancellation);

        Assert.Equal(0, fixture.Broker.GetCounts("renew-lock").Active);
    }
}

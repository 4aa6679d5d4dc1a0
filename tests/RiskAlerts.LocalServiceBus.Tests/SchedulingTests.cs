using Azure.Messaging.ServiceBus;

namespace RiskAlerts.LocalServiceBus.Tests;

public sealed class SchedulingTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ScheduledMessageArrivesOnlyAtItsScheduledEnqueueTime()
    {
        await using var sender = fixture.Client.CreateSender("scheduled");
        await using var receiver = fixture.Client.CreateReceiver("scheduled");
        var scheduledFor = DateTimeOffset.UtcNow.AddSeconds(4);

        var sequenceNumber = await sender.ScheduleMessageAsync(new ServiceBusMessage("later") { MessageId = "later" }, scheduledFor, Cancellation);

        Assert.True(sequenceNumber > 0);
        Assert.Equal(new EntityCounts(0, 1, 0), fixture.Broker.GetCounts("scheduled"));
        var early = await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(500), Cancellation);

        // On a loaded machine the early receive itself may outlast the schedule; only a message that
        // arrives before its time is wrong.
        Assert.True(early is null || DateTimeOffset.UtcNow >= scheduledFor, "the scheduled message arrived before its time");
        var received = early ?? await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(15), Cancellation);
        Assert.NotNull(received);
        Assert.Equal("later", received.MessageId);
        Assert.Equal(sequenceNumber, received.SequenceNumber);
        Assert.True(DateTimeOffset.UtcNow >= scheduledFor);
        Assert.Equal(scheduledFor.ToUnixTimeMilliseconds(), received.ScheduledEnqueueTime.ToUnixTimeMilliseconds());
        Assert.True(received.EnqueuedTime >= scheduledFor.AddMilliseconds(-1));
        await receiver.CompleteMessageAsync(received, Cancellation);
    }

    [Fact]
    public async Task CancelledScheduledMessageNeverArrives()
    {
        await using var sender = fixture.Client.CreateSender("cancel-scheduled");
        await using var receiver = fixture.Client.CreateReceiver("cancel-scheduled");
        var sequenceNumber = await sender.ScheduleMessageAsync(new ServiceBusMessage("never"), DateTimeOffset.UtcNow.AddSeconds(2), Cancellation);
        Assert.Equal(1, fixture.Broker.GetCounts("cancel-scheduled").Scheduled);

        await sender.CancelScheduledMessageAsync(sequenceNumber, Cancellation);

        Assert.Equal(0, fixture.Broker.GetCounts("cancel-scheduled").Scheduled);
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(2.5), Cancellation));
        Assert.Equal(new EntityCounts(0, 0, 0), fixture.Broker.GetCounts("cancel-scheduled"));
    }
}

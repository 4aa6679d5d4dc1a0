using Azure.Messaging.ServiceBus;

namespace RiskAlerts.LocalServiceBus.Tests;

/// <summary>Each test starts its own broker, so the counts it reads are its own.</summary>
public sealed class BrokerCountersTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static BrokerTopology Topology { get; } = new()
    {
        Queues = [new QueueDefinition { Name = "counted", LockDuration = TimeSpan.FromSeconds(30) }],
        Topics =
        [
            new TopicDefinition
            {
                Name = "fan-out",
                Subscriptions =
                [
                    new SubscriptionDefinition { Name = "sms", CorrelationFilter = new CorrelationFilter { ApplicationProperties = { ["channel"] = "sms" } } },
                    new SubscriptionDefinition { Name = "email", CorrelationFilter = new CorrelationFilter { ApplicationProperties = { ["channel"] = "email" } } },
                ],
            },
        ],
    };

    [Fact]
    public async Task CountsEachMessageSentDeliveredAndSettled()
    {
        await using var broker = await LocalServiceBusBroker.StartAsync(Topology, cancellationToken: Cancellation);
        await using var client = new ServiceBusClient(broker.ConnectionString);
        await using var sender = client.CreateSender("counted");
        await using var receiver = client.CreateReceiver("counted");

        await sender.SendMessagesAsync([new ServiceBusMessage("one"), new ServiceBusMessage("two")], Cancellation);
        await sender.SendMessageAsync(new ServiceBusMessage("three"), Cancellation);
        var received = new List<ServiceBusReceivedMessage>();
        while (received.Count < 3)
        {
            received.AddRange(await receiver.ReceiveMessagesAsync(3 - received.Count, TimeSpan.FromSeconds(5), Cancellation));
        }

        await receiver.CompleteMessageAsync(received[0], Cancellation);
        await receiver.DeadLetterMessageAsync(received[1], "poison", "cannot be read", Cancellation);
        await receiver.AbandonMessageAsync(received[2], cancellationToken: Cancellation);

        var counts = broker.Counters.Snapshot();
        Assert.Equal(3, counts.MessagesSent);
        Assert.InRange(counts.MessagesDelivered, 3, 4); // the abandoned message may go straight back to credit the client left open
        Assert.Equal(1, counts.Completed);
        Assert.Equal(1, counts.DeadLettered);
        Assert.Equal(1, counts.Abandoned);
        Assert.Equal(3, counts.Dispositions - counts.Released);
        Assert.Equal(3, broker.Counters.SentTo("counted").Messages);
    }

    [Fact]
    public async Task CountsLockRenewalsAmongManagementRequests()
    {
        await using var broker = await LocalServiceBusBroker.StartAsync(Topology, cancellationToken: Cancellation);
        await using var client = new ServiceBusClient(broker.ConnectionString);
        await using var sender = client.CreateSender("counted");
        await using var receiver = client.CreateReceiver("counted");
        await sender.SendMessageAsync(new ServiceBusMessage("held"), Cancellation);
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Cancellation);
        Assert.NotNull(message);
        var before = broker.Counters.Snapshot();

        await receiver.RenewMessageLockAsync(message, Cancellation);
        await receiver.RenewMessageLockAsync(message, Cancellation);
        await receiver.PeekMessageAsync(cancellationToken: Cancellation);

        var window = broker.Counters.Snapshot().Since(before);
        Assert.Equal(2, window.LockRenewals);
        Assert.Equal(3, window.ManagementRequests);
        Assert.Equal(3, window.Operations);
    }

    [Fact]
    public async Task CountsATopicMessageOnceAndRecordsWhenTheFirstAndLastArrived()
    {
        await using var broker = await LocalServiceBusBroker.StartAsync(Topology, cancellationToken: Cancellation);
        await using var client = new ServiceBusClient(broker.ConnectionString);
        await using var sender = client.CreateSender("fan-out");
        var start = DateTimeOffset.UtcNow;

        await sender.SendMessageAsync(new ServiceBusMessage("a") { ApplicationProperties = { ["channel"] = "sms" } }, Cancellation);
        await Task.Delay(50, Cancellation);
        await sender.SendMessageAsync(new ServiceBusMessage("b") { ApplicationProperties = { ["channel"] = "email" } }, Cancellation);

        var sends = broker.Counters.SentTo("fan-out");
        Assert.Equal(2, sends.Messages);
        Assert.Equal(2, broker.Counters.MessagesSent);
        Assert.NotNull(sends.First);
        Assert.NotNull(sends.Last);
        Assert.InRange(sends.First.Value, start, sends.Last.Value - TimeSpan.FromMilliseconds(40));
        Assert.Equal(new EntitySends(0, null, null), broker.Counters.SentTo("counted"));
        Assert.Throws<ArgumentException>(() => broker.Counters.SentTo("fan-out/subscriptions/sms"));
    }
}

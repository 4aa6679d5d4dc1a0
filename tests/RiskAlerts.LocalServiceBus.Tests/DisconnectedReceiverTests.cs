using Azure.Messaging.ServiceBus;

namespace RiskAlerts.LocalServiceBus.Tests;

/// <summary>
/// What becomes of the messages a receiver holds locked when it goes away: given back at once by
/// default (the delivery counted), or, with <see cref="BrokerTopology.ReleaseLocksOnDisconnect"/> off, kept locked until the
/// lock expires and then redelivered with the delivery count raised, as Azure Service Bus does.
/// </summary>
public sealed class DisconnectedReceiverTests
{
    // The time checks compare when a message came back with the broker's own lock expiry, not with
    // fixed waits, so a slow machine cannot turn them: a given-back message must come well inside a
    // long lock, a kept one no sooner than its short lock's end.
    private static readonly TimeSpan ReleasedLockDuration = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan KeptLockDuration = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan KeptLockWait = KeptLockDuration + TimeSpan.FromSeconds(10);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ClosedConnectionGivesItsLockedMessagesBackAtOnceWithTheDeliveryCountedByDefault()
    {
        await using var broker = await StartAsync(releaseLocksOnDisconnect: true);
        await SendAsync(broker, "given-back");

        var first = await ReceiveAndDropConnectionAsync(broker);
        await using var second = new ServiceBusClient(broker.ConnectionString);
        await using var receiver = second.CreateReceiver("held");
        var again = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10), Cancellation);

        Assert.NotNull(again);
        Assert.Equal("given-back", again.MessageId);
        Assert.True(DateTimeOffset.UtcNow < first.LockedUntil, "The message came back only when its lock ran out.");
        Assert.Equal(2, again.DeliveryCount);
        await receiver.CompleteMessageAsync(again, Cancellation);
        Assert.Equal(0, broker.GetCounts("held").Active);
    }

    [Fact]
    public async Task ClosedConnectionKeepsItsLocksUntilTheyExpireWhenConfigured()
    {
        await using var broker = await StartAsync(releaseLocksOnDisconnect: false);
        await SendAsync(broker, "kept");

        var first = await ReceiveAndDropConnectionAsync(broker);
        await using var second = new ServiceBusClient(broker.ConnectionString);
        await using var receiver = second.CreateReceiver("held");

        var again = await receiver.ReceiveMessageAsync(KeptLockWait, Cancellation);

        Assert.NotNull(again);
        Assert.Equal("kept", again.MessageId);
        Assert.True(DateTimeOffset.UtcNow >= first.LockedUntil, "The message came back before its lock ran out.");
        Assert.Equal(2, again.DeliveryCount);
        Assert.Equal(0, broker.Counters.Released);
        await receiver.CompleteMessageAsync(again, Cancellation);
        Assert.Equal(0, broker.GetCounts("held").Active);
    }

    [Fact]
    public async Task ClosedReceiverKeepsItsLocksUntilTheyExpireWhenConfigured()
    {
        await using var broker = await StartAsync(releaseLocksOnDisconnect: false);
        await SendAsync(broker, "receiver-closed");
        await using var client = new ServiceBusClient(broker.ConnectionString);

        ServiceBusReceivedMessage first;
        await using (var closing = client.CreateReceiver("held"))
        {
            first = await closing.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Cancellation) ?? throw new InvalidOperationException("Nothing received.");
        }

        await using var receiver = client.CreateReceiver("held");
        var again = await receiver.ReceiveMessageAsync(KeptLockWait, Cancellation);

        Assert.NotNull(again);
        Assert.True(DateTimeOffset.UtcNow >= first.LockedUntil, "The message came back before its lock ran out.");
        Assert.Equal(2, again.DeliveryCount);
        await receiver.CompleteMessageAsync(again, Cancellation);
    }

    [Fact]
    public async Task ProcessorWhoseConnectionGoesMidMessageHasItRedeliveredAfterTheLockWhenConfigured()
    {
        await using var broker = await StartAsync(releaseLocksOnDisconnect: false);
        await SendAsync(broker, "mid-message");

        var taken = new TaskCompletionSource<ServiceBusReceivedMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var dying = new ServiceBusClient(broker.ConnectionString);
        var processor = dying.CreateProcessor("held", new ServiceBusProcessorOptions { AutoCompleteMessages = false, MaxAutoLockRenewalDuration = TimeSpan.Zero });
        processor.ProcessMessageAsync += async args =>
        {
            taken.TrySetResult(args.Message);
            await Task.Delay(Timeout.Infinite, args.CancellationToken);
        };
        processor.ProcessErrorAsync += _ => Task.CompletedTask;
        await processor.StartProcessingAsync(Cancellation);
        var first = await taken.Task.WaitAsync(TimeSpan.FromSeconds(5), Cancellation);

        // The connection goes while the handler still holds the message, as when the process dies.
        await dying.DisposeAsync();
        await using var second = new ServiceBusClient(broker.ConnectionString);
        await using var receiver = second.CreateReceiver("held");
        var again = await receiver.ReceiveMessageAsync(KeptLockWait, Cancellation);

        Assert.NotNull(again);
        Assert.Equal("mid-message", again.MessageId);
        Assert.True(DateTimeOffset.UtcNow >= first.LockedUntil, "The message came back before its lock ran out.");
        Assert.Equal(2, again.DeliveryCount);
        await receiver.CompleteMessageAsync(again, Cancellation);
        await processor.DisposeAsync();
    }

    [Fact]
    public async Task ExpiredKeptLockCountsTowardsTheMaxDeliveryCount()
    {
        var topology = BrokerTopology.Parse("""
            { "releaseLocksOnDisconnect": false,
              "queues": [ { "name": "held", "lockDuration": "00:00:01", "maxDeliveryCount": 1 } ] }
            """);
        await using var broker = await LocalServiceBusBroker.StartAsync(topology, cancellationToken: Cancellation);
        await SendAsync(broker, "last-chance");

        await ReceiveAndDropConnectionAsync(broker);
        await using var client = new ServiceBusClient(broker.ConnectionString);
        await using var deadLetters = client.CreateReceiver("held", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var deadLettered = await deadLetters.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Cancellation);

        Assert.NotNull(deadLettered);
        Assert.Equal("last-chance", deadLettered.MessageId);
        Assert.Equal("MaxDeliveryCountExceeded", deadLettered.DeadLetterReason);
    }

    private static Task<LocalServiceBusBroker> StartAsync(bool releaseLocksOnDisconnect) =>
        LocalServiceBusBroker.StartAsync(
            new BrokerTopology
            {
                ReleaseLocksOnDisconnect = releaseLocksOnDisconnect,
                Queues = [new QueueDefinition { Name = "held", LockDuration = releaseLocksOnDisconnect ? ReleasedLockDuration : KeptLockDuration }],
            },
            cancellationToken: Cancellation);

    private static async Task SendAsync(LocalServiceBusBroker broker, string messageId)
    {
        await using var client = new ServiceBusClient(broker.ConnectionString);
        await using var sender = client.CreateSender("held");
        await sender.SendMessageAsync(new ServiceBusMessage(messageId) { MessageId = messageId }, Cancellation);
    }

    /// <summary>Takes the message under a lock on a connection of its own, then closes that connection without settling.</summary>
    private static async Task<ServiceBusReceivedMessage> ReceiveAndDropConnectionAsync(LocalServiceBusBroker broker)
    {
        await using var client = new ServiceBusClient(broker.ConnectionString);
        var receiver = client.CreateReceiver("held");
        var message = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(5), Cancellation);
        Assert.NotNull(message);
        Assert.Equal(1, message.DeliveryCount);
        return message;
    }
}

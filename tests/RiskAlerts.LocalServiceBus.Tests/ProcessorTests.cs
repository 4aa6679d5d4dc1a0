using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;

namespace RiskAlerts.LocalServiceBus.Tests;

public sealed class ProcessorTests(BrokerFixture fixture) : IClassFixture<BrokerFixture>
{
    private const int MessageCount = 200;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProcessorWithConcurrentCallsHandlesEveryMessageExactlyOnce()
    {
        await using var sender = fixture.Client.CreateSender("processor");
        await sender.SendMessagesAsync(
            Enumerable.Range(0, MessageCount).Select(index => new ServiceBusMessage($"job {index}") { MessageId = $"job-{index}" }),
            Cancellation);

        var handled = new ConcurrentDictionary<string, int>();
        var concurrent = 0;
        var maxConcurrent = 0;
        var allHandled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var processor = fixture.Client.CreateProcessor("processor", new ServiceBusProcessorOptions
        {
            MaxConcurrentCalls = 8,
            AutoCompleteMessages = true,
        });
        processor.ProcessMessageAsync += async args =>
        {
            var now = Interlocked.Increment(ref concurrent);
            InterlockedMax(ref maxConcurrent, now);
            await Task.Delay(5, args.CancellationToken);
            Interlocked.Decrement(ref concurrent);
            handled.AddOrUpdate(args.Message.MessageId, 1, (_, count) => count + 1);
            if (handled.Count == MessageCount)
            {
                allHandled.TrySetResult();
            }
        };
        processor.ProcessErrorAsync += args =>
        {
            allHandled.TrySetException(args.Exception);
            return Task.CompletedTask;
        };

        await processor.StartProcessingAsync(Cancellation);
        await allHandled.Task.WaitAsync(TimeSpan.FromSeconds(30), Cancellation);
        await WaitUntilAsync(() => fixture.Broker.GetCounts("processor").Active == 0, TimeSpan.FromSeconds(5));
        await processor.StopProcessingAsync(Cancellation);

        Assert.Equal(MessageCount, handled.Count);
        Assert.All(handled.Values, count => Assert.Equal(1, count));
        Assert.True(maxConcurrent > 1, $"Expected concurrent handlers, saw at most {maxConcurrent}.");
        Assert.Equal(new EntityCounts(0, 0, 0), fixture.Broker.GetCounts("processor"));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var previous = Interlocked.CompareExchange(ref target, value, current);
            if (previous == current)
            {
                return;
            }

            current = previous;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!condition() && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(50, Cancellation);
        }
    }
}

using Azure.Messaging.ServiceBus;
using BenchmarkDotNet.Attributes;
using RiskAlerts.LocalServiceBus;

namespace RiskAlerts.Benchmarks;

/// <summary>
/// Throughput of the local Service Bus broker through the real client: 10,000 messages of 1 KiB
/// sent in batches, and received in batches with each message completed. Results are per message,
/// so messages per second is 1 / Mean.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class LocalServiceBusThroughputBenchmarks
{
    private const int MessageCount = 10_000;
    private const int ReceiveBatchSize = 500;
    private const string QueueName = "throughput";

    private static readonly byte[] Payload = CreatePayload();

    private LocalServiceBusBroker _broker = null!;
    private ServiceBusClient _client = null!;
    private ServiceBusSender _sender = null!;
    private ServiceBusReceiver _receiver = null!;

    [GlobalSetup]
    public async Task StartBrokerAsync()
    {
        var topology = new BrokerTopology { Queues = [new QueueDefinition { Name = QueueName, LockDuration = TimeSpan.FromMinutes(5) }] };
        _broker = await LocalServiceBusBroker.StartAsync(topology);
        _client = new ServiceBusClient(_broker.ConnectionString);
        _sender = _client.CreateSender(QueueName);
        _receiver = _client.CreateReceiver(QueueName);
    }

    [GlobalCleanup]
    public async Task StopBrokerAsync()
    {
        await _receiver.DisposeAsync();
        await _sender.DisposeAsync();
        await _client.DisposeAsync();
        await _broker.DisposeAsync();
    }

    [IterationCleanup(Target = nameof(SendInBatches))]
    public void DrainAfterSend() => ReceiveAndCompleteAllAsync().GetAwaiter().GetResult();

    [IterationSetup(Target = nameof(ReceiveAndComplete))]
    public void FillBeforeReceive() => SendAllAsync().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = MessageCount, Description = "Send 10,000 x 1 KiB in batches")]
    public Task SendInBatches() => SendAllAsync();

    [Benchmark(OperationsPerInvoke = MessageCount, Description = "Receive 10,000 x 1 KiB in batches, complete each")]
    public Task ReceiveAndComplete() => ReceiveAndCompleteAllAsync();

    private async Task SendAllAsync()
    {
        var sent = 0;
        while (sent < MessageCount)
        {
            using var batch = await _sender.CreateMessageBatchAsync();
            while (sent < MessageCount && batch.TryAddMessage(new ServiceBusMessage(Payload)))
            {
                sent++;
            }

            await _sender.SendMessagesAsync(batch);
        }
    }

    private async Task ReceiveAndCompleteAllAsync()
    {
        var completed = 0;
        while (completed < MessageCount)
        {
            var messages = await _receiver.ReceiveMessagesAsync(ReceiveBatchSize, TimeSpan.FromSeconds(5));
            if (messages.Count == 0)
            {
                throw new InvalidOperationException($"Only {completed} of {MessageCount} messages arrived.");
            }

            await Task.WhenAll(messages.Select(message => _receiver.CompleteMessageAsync(message)));
            completed += messages.Count;
        }
    }

    private static byte[] CreatePayload()
    {
        var payload = new byte[1024];
        new Random(42).NextBytes(payload);
        return payload;
    }
}

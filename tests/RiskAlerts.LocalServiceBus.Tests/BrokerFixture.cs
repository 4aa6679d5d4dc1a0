using Azure.Messaging.ServiceBus;

namespace RiskAlerts.LocalServiceBus.Tests;

/// <summary>
/// One broker and one client per test class. Each test uses its own entity so the classes run in
/// parallel without seeing each other's messages; lock durations are short to keep the suite fast.
/// </summary>
public sealed class BrokerFixture : IAsyncLifetime
{
    public static readonly TimeSpan ShortLock = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultLock = TimeSpan.FromSeconds(5);

    public LocalServiceBusBroker Broker { get; private set; } = null!;

    public ServiceBusClient Client { get; private set; } = null!;

    public static BrokerTopology Topology { get; } = new()
    {
        Queues =
        [
            Queue("send-one"),
            Queue("send-batch"),
            Queue("complete"),
            Queue("abandon"),
            Queue("dead-letter"),
            Queue("max-delivery", maxDeliveryCount: 3),
            Queue("lock-expiry", lockDuration: TimeSpan.FromSeconds(2)),
            Queue("lock-lost", lockDuration: ShortLock),
            Queue("renew-lock", lockDuration: TimeSpan.FromSeconds(3)),
            Queue("ttl-discard"),
            Queue("ttl-dead-letter", deadLetterOnExpiration: true),
            Queue("ttl-default", defaultTimeToLive: TimeSpan.FromMilliseconds(300)),
            Queue("scheduled"),
            Queue("cancel-scheduled"),
            Queue("duplicates", duplicateDetection: TimeSpan.FromMinutes(10)),
            Queue("processor"),
            Queue("receive-and-delete"),
            Queue("peek"),
            Queue("round-trip"),
        ],
        Topics =
        [
            new TopicDefinition
            {
                Name = "fan-out",
                Subscriptions =
                [
                    Subscription("sms", "sms"),
                    Subscription("email", "email"),
                ],
            },
        ],
    };

    public async ValueTask InitializeAsync()
    {
        Broker = await LocalServiceBusBroker.StartAsync(Topology, cancellationToken: TestContext.Current.CancellationToken);
        Client = new ServiceBusClient(Broker.ConnectionString, new ServiceBusClientOptions
        {
            RetryOptions = new ServiceBusRetryOptions
            {
                MaxRetries = 2,
                Delay = TimeSpan.FromMilliseconds(100),
                MaxDelay = TimeSpan.FromSeconds(1),
                TryTimeout = TimeSpan.FromSeconds(10),
            },
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Broker.DisposeAsync();
    }

    private static QueueDefinition Queue(
        string name,
        TimeSpan? lockDuration = null,
        int maxDeliveryCount = 10,
        bool deadLetterOnExpiration = false,
        TimeSpan? defaultTimeToLive = null,
        TimeSpan? duplicateDetection = null) => new()
    {
        Name = name,
        LockDuration = lockDuration ?? DefaultLock,
        MaxDeliveryCount = maxDeliveryCount,
        DeadLetteringOnMessageExpiration = deadLetterOnExpiration,
        DefaultMessageTimeToLive = defaultTimeToLive,
        DuplicateDetectionWindow = duplicateDetection,
    };

    private static SubscriptionDefinition Subscription(string name, string channel) => new()
    {
        Name = name,
        LockDuration = DefaultLock,
        CorrelationFilter = new CorrelationFilter { ApplicationProperties = { ["channel"] = channel } },
    };
}

namespace RiskAlerts.LocalServiceBus.Tests;

public sealed class BrokerTopologyTests
{
    [Fact]
    public void ProductDefaultHoldsTheWarningsQueueAndTheDeliveriesTopic()
    {
        var topology = BrokerTopology.ProductDefault();

        var warnings = Assert.Single(topology.Queues);
        Assert.Equal("warnings", warnings.Name);
        Assert.Equal(TimeSpan.FromMinutes(10), warnings.DuplicateDetectionWindow);
        Assert.Equal(10, warnings.MaxDeliveryCount);
        Assert.Equal(TimeSpan.FromSeconds(30), warnings.LockDuration);

        var deliveries = Assert.Single(topology.Topics);
        Assert.Equal("deliveries", deliveries.Name);
        Assert.Equal(TimeSpan.FromMinutes(10), deliveries.DuplicateDetectionWindow);
        Assert.Equal(["sms", "email"], deliveries.Subscriptions.Select(subscription => subscription.Name));
        Assert.All(deliveries.Subscriptions, subscription =>
        {
            Assert.Equal(10, subscription.MaxDeliveryCount);
            Assert.Equal(TimeSpan.FromSeconds(60), subscription.LockDuration);
            Assert.True(subscription.DeadLetteringOnMessageExpiration);
            Assert.Equal(subscription.Name, subscription.CorrelationFilter!.ApplicationProperties["channel"]);
        });
    }

    [Fact]
    public void ParseRejectsTwoEntitiesWithTheSameName()
    {
        const string json = """{ "queues": [ { "name": "warnings" } ], "topics": [ { "name": "Warnings" } ] }""";

        Assert.Throws<InvalidOperationException>(() => BrokerTopology.Parse(json));
    }

    [Fact]
    public void ParseAppliesServiceBusDefaults()
    {
        var queue = Assert.Single(BrokerTopology.Parse("""{ "queues": [ { "name": "q" } ] }""").Queues);

        Assert.Equal(TimeSpan.FromSeconds(30), queue.LockDuration);
        Assert.Equal(10, queue.MaxDeliveryCount);
        Assert.Null(queue.DuplicateDetectionWindow);
        Assert.Null(queue.DefaultMessageTimeToLive);
    }

    [Fact]
    public void ReleasesLocksOnDisconnectUnlessTheFileSaysOtherwise()
    {
        Assert.True(BrokerTopology.ProductDefault().ReleaseLocksOnDisconnect);
        Assert.True(BrokerTopology.Parse("""{ "queues": [ { "name": "q" } ] }""").ReleaseLocksOnDisconnect);

        var keeping = BrokerTopology.Parse("""{ "releaseLocksOnDisconnect": false, "queues": [ { "name": "q" } ] }""");

        Assert.False(keeping.ReleaseLocksOnDisconnect);
        Assert.False(BrokerTopology.Parse(keeping.ToJson()).ReleaseLocksOnDisconnect);
    }
}

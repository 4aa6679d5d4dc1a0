using RiskAlerts.Core.Deliveries;
using RiskAlerts.DeploymentTests.Arm;
using RiskAlerts.Infrastructure.Storage;

namespace RiskAlerts.DeploymentTests;

/// <summary>The Service Bus entities and tables the code names exist with the same names.</summary>
public sealed class MessagingTopologyTests(CompiledInfrastructure infra)
{
    private readonly IReadOnlyDictionary<string, string> _messaging = RepositoryFiles.HostSettingsSection("Messaging");

    public static TheoryData<string> Environments => new(CompiledInfrastructure.Environments);

    [Theory]
    [MemberData(nameof(Environments))]
    public void WarningsQueueDropsDuplicatesAndDeadLettersExpiredMessages(string environment)
    {
        var queue = Assert.Single(infra.Resources(environment), r => r.Is("Microsoft.ServiceBus/namespaces/queues"));
        Assert.Equal(_messaging["WarningsQueue"], queue.LeafName);
        Assert.Equal(true, queue.Value("properties", "requiresDuplicateDetection"));
        Assert.Equal(10L, Convert.ToInt64(queue.Value("properties", "maxDeliveryCount"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("PT30S", queue.Value("properties", "lockDuration"));
        Assert.Equal(true, queue.Value("properties", "deadLetteringOnMessageExpiration"));
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void DeliveriesTopicHasOneSubscriptionPerChannel(string environment)
    {
        var resources = infra.Resources(environment);
        var topic = Assert.Single(resources, r => r.Is("Microsoft.ServiceBus/namespaces/topics"));
        Assert.Equal(_messaging["DeliveriesTopic"], topic.LeafName);
        Assert.Equal(true, topic.Value("properties", "requiresDuplicateDetection"));

        var subscriptions = resources.Where(r => r.Is("Microsoft.ServiceBus/namespaces/topics/subscriptions")).ToList();
        Assert.Equal(
            new[] { _messaging["EmailSubscription"], _messaging["SmsSubscription"] }.Order(StringComparer.Ordinal),
            subscriptions.Select(s => s.LeafName).Order(StringComparer.Ordinal));
        foreach (var subscription in subscriptions)
        {
            Assert.Equal($"{topic.NameText}/{subscription.LeafName}", subscription.NameText);
            Assert.Equal(10L, Convert.ToInt64(subscription.Value("properties", "maxDeliveryCount"), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(true, subscription.Value("properties", "deadLetteringOnMessageExpiration"));
        }
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void EachSubscriptionAcceptsOnlyItsChannel(string environment)
    {
        var rules = infra.Resources(environment).Where(r => r.Is("Microsoft.ServiceBus/namespaces/topics/subscriptions/rules")).ToList();
        var expected = new Dictionary<string, string>
        {
            [_messaging["SmsSubscription"]] = "sms",
            [_messaging["EmailSubscription"]] = "email",
        };

        Assert.Equal(expected.Count, rules.Count);
        foreach (var rule in rules)
        {
            var segments = rule.NameText.Split('/');
            var subscription = segments[^2];

            // Only the $Default rule is rewritten: a rule with any other name would sit beside the
            // TrueFilter that Service Bus creates with the subscription and let every message in.
            Assert.Equal("$Default", segments[^1]);
            Assert.Equal(_messaging["DeliveriesTopic"], segments[^3]);
            Assert.Equal("CorrelationFilter", rule.Value("properties", "filterType"));
            var properties = ArmValue.AsObject(rule.Value("properties", "correlationFilter", "properties"));
            var filter = Assert.Single(properties);
            Assert.Equal("channel", filter.Key);
            Assert.Equal(expected[subscription], filter.Value);
            Assert.Null(rule.Value("properties", "sqlFilter"));
        }
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void EveryTableTheCodeNamesExists(string environment)
    {
        var tables = infra.Resources(environment)
            .Where(r => r.Is("Microsoft.Storage/storageAccounts/tableServices/tables"))
            .Select(r => r.LeafName)
            .Order(StringComparer.Ordinal);

        // The settings name the tables; the delivery rows of each shard have a table named after the deliveries table.
        var named = RepositoryFiles.HostSettingsSection("Storage");
        var expected = named.Values.Concat(new StorageOptions { DeliveriesTable = named["DeliveriesTable"] }.DeliveryShardTables());
        Assert.Equal(expected.Order(StringComparer.Ordinal), tables);
        Assert.Equal(6 + DeliveryKeys.ShardCount, tables.Count());
    }

    [Fact]
    public void ProductionRunsOnPremiumWithZoneRedundancy()
    {
        var prod = Assert.Single(infra.Resources("prod"), r => r.Is("Microsoft.ServiceBus/namespaces"));
        Assert.Equal("Premium", prod.Value("sku", "name"));
        Assert.Equal(true, prod.Value("properties", "zoneRedundant"));

        var dev = Assert.Single(infra.Resources("dev"), r => r.Is("Microsoft.ServiceBus/namespaces"));
        Assert.Equal("Standard", dev.Value("sku", "name"));
    }
}

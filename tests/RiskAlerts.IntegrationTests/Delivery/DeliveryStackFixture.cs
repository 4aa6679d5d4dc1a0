using RiskAlerts.IntegrationTests.Fixtures;

[assembly: AssemblyFixture(typeof(RiskAlerts.IntegrationTests.Delivery.DeliveryStackFixture))]

namespace RiskAlerts.IntegrationTests.Delivery;

/// <summary>
/// A second local stack whose host runs the planner and the senders, with two SMS gateway
/// stand-ins (primary, backup) and the SMTP server. Kept apart from <see cref="LocalStackFixture"/>
/// so the front-door tests still see warnings as accepted and their queue messages unconsumed.
/// </summary>
public sealed class DeliveryStackFixture() : LocalStackFixture(consumers: true);

/// <summary>Delivery tests share gateway fault settings and so run one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class DeliveryStackCollection
{
    public const string Name = "Delivery stack";
}

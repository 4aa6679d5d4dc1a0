namespace RiskAlerts.IntegrationTests.Fixtures;

/// <summary>
/// Tests that count what is in the shared tables and queues run one class at a time,
/// so one test's writes never pass for another's.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LocalStackCollection
{
    public const string Name = "Local stack";
}

using Microsoft.Extensions.Options;
using RiskAlerts.Core.Operations.Overview;
using RiskAlerts.Infrastructure.Messaging;
using RiskAlerts.LocalServiceBus;

namespace RiskAlerts.Host.Local;

/// <summary>
/// The backlog read straight from the local broker: it has no management REST API for the
/// administration client to call, and it runs in this process.
/// </summary>
internal sealed class LocalBrokerBacklog(LocalServiceBusBroker broker, IOptions<MessagingOptions> options) : IServiceBusBacklog
{
    public Task<IReadOnlyList<EntityBacklog>> ReadAsync(CancellationToken cancellationToken = default)
    {
        var names = options.Value;
        IReadOnlyList<EntityBacklog> backlog =
        [
            Read(names.WarningsQueue, names.WarningsQueue),
            Read(names.DeliveriesTopic, names.DeliveriesTopic),
            Read(names.SmsSubscription, $"{names.DeliveriesTopic}/subscriptions/{names.SmsSubscription}"),
            Read(names.EmailSubscription, $"{names.DeliveriesTopic}/subscriptions/{names.EmailSubscription}"),
        ];
        return Task.FromResult(backlog);
    }

    private EntityBacklog Read(string name, string path)
    {
        var counts = broker.GetCounts(path);
        return new EntityBacklog(name, counts.Active, counts.Scheduled, counts.DeadLetter);
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RiskAlerts.LocalServiceBus;

/// <summary>Registers the local Service Bus broker in a generic host (local profile only).</summary>
public static class LocalServiceBusServiceCollectionExtensions
{
    /// <summary>
    /// Starts a local broker with the host. Clients connect with
    /// <see cref="LocalServiceBusBroker.ConnectionStringFor(int)"/> of the same port.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="topology">The entities to serve; the shipped product topology when <see langword="null"/>.</param>
    /// <param name="port">The port on 127.0.0.1 (default 5672, the AMQP port).</param>
    public static IServiceCollection AddLocalServiceBusBroker(this IServiceCollection services, BrokerTopology? topology = null, int port = 5672)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(provider => new LocalServiceBusBrokerService(
            topology ?? BrokerTopology.ProductDefault(),
            port,
            provider.GetRequiredService<ILoggerFactory>(),
            provider.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddHostedService(provider => provider.GetRequiredService<LocalServiceBusBrokerService>());
        return services;
    }
}

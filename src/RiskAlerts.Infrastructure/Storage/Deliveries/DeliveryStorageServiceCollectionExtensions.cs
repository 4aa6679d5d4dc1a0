using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Deliveries.Send;
using RiskAlerts.Infrastructure.Messaging.Deliveries;

namespace RiskAlerts.Infrastructure.Storage.Deliveries;

/// <summary>Registers the Deliveries table and the <c>deliveries</c> topic publisher.</summary>
public static class DeliveryStorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IDeliveryStore"/>, <see cref="IDeliveryBatchClaims"/>, <see cref="ISmsDailyCounter"/> and <see cref="IDeliveryBatchPublisher"/>.
    /// Needs the <c>TableServiceClient</c>, <c>ServiceBusClient</c> and options the infrastructure registers.
    /// </summary>
    public static IServiceCollection AddDeliveryInfrastructure(this IServiceCollection services)
    {
        services.TryAddSingleton<IDeliveryStore, TableDeliveryStore>();
        services.TryAddSingleton<IDeliveryBatchClaims, TableDeliveryBatchClaims>();
        services.TryAddSingleton<ISmsDailyCounter, TableSmsDailyCounter>();
        services.TryAddSingleton<IDeliveryBatchPublisher, ServiceBusDeliveryBatchPublisher>();
        return services;
    }
}

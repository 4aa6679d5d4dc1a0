using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RiskAlerts.Core.Acknowledgements;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Deliveries.Send;
using RiskAlerts.Core.Privacy;
using RiskAlerts.Core.Registrations.OptOut;
using RiskAlerts.Infrastructure.Messaging.Deliveries;
using RiskAlerts.Infrastructure.Storage.Acknowledgements;

namespace RiskAlerts.Infrastructure.Storage.Deliveries;

/// <summary>Registers the Deliveries table and the <c>deliveries</c> topic publisher.</summary>
public static class DeliveryStorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IDeliveryStore"/>, <see cref="IAcknowledgementStore"/>, <see cref="IDeliveryBatchClaims"/>, <see cref="ISmsDailyCounter"/>, <see cref="Core.Deliveries.Receipts.ISmsMessageIndex"/>, <see cref="IOptOutLedger"/>, <see cref="IEnterpriseErasureStore"/> and <see cref="IDeliveryBatchPublisher"/>.
    /// Needs the <c>TableServiceClient</c>, <c>ServiceBusClient</c> and options the infrastructure registers.
    /// </summary>
    public static IServiceCollection AddDeliveryInfrastructure(this IServiceCollection services)
    {
        services.TryAddSingleton<IDeliveryStore, TableDeliveryStore>();
        services.TryAddSingleton<IAcknowledgementStore, TableAcknowledgementStore>();
        services.TryAddSingleton<IDeliveryBatchClaims, TableDeliveryBatchClaims>();
        services.TryAddSingleton<ISmsDailyCounter, TableSmsDailyCounter>();
        services.TryAddSingleton<Core.Deliveries.Receipts.ISmsMessageIndex, TableSmsMessageIndex>();
        services.TryAddSingleton<IOptOutLedger, TableOptOutLedger>();
        services.TryAddSingleton<IEnterpriseErasureStore, Privacy.TableEnterpriseErasureStore>();
        services.TryAddSingleton<RiskAlerts.Core.Privacy.Retention.IRetentionCheckpoint, Privacy.TableRetentionCheckpoint>();
        services.TryAddSingleton<IDeliveryBatchPublisher, ServiceBusDeliveryBatchPublisher>();
        return services;
    }
}

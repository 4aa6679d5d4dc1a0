using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RiskAlerts.Core.Deliveries.Plan;
using RiskAlerts.Core.Deliveries.Receipts;
using RiskAlerts.Core.Deliveries.Send;
using RiskAlerts.Core.Deliveries.Sms;
using RiskAlerts.Core.Deliveries.Summary;

namespace RiskAlerts.Core.Deliveries;

/// <summary>Registers the delivery use cases: planner, senders, receipts and summaries.</summary>
public static class DeliveriesServiceCollectionExtensions
{
    /// <summary>
    /// Adds the use cases and <see cref="DeliveryOptions"/> (section <c>Deliveries</c>) and the SMS
    /// template settings (section <c>Sms:Template</c>), validated at start. The stores, the publisher
    /// and the channels come from their own modules.
    /// </summary>
    public static IServiceCollection AddRiskAlertsDeliveries(this IServiceCollection services)
    {
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<WarningCache>();
        services.TryAddTransient<PlanDeliveriesHandler>();
        services.TryAddTransient<SendSmsBatchHandler>();
        services.TryAddTransient<SendEmailBatchHandler>();
        services.TryAddTransient<RecordSmsReceiptsHandler>();
        services.TryAddTransient<GetDeliverySummaryHandler>();
        services.TryAddTransient<ListDeliveriesHandler>();
        return services;
    }

    /// <summary>The SMS template settings, needed where SMS is sent (section <c>Sms:Template</c>).</summary>
    public static IServiceCollection AddSmsTemplateOptions(this IServiceCollection services)
    {
        services.AddOptions<SmsTemplateOptions>().BindConfiguration("Sms:Template").ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}

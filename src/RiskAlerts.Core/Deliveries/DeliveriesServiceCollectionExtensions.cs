using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RiskAlerts.Core.Acknowledgements;
using RiskAlerts.Core.Deliveries.Escalation;
using RiskAlerts.Core.Deliveries.Links;
using RiskAlerts.Core.Deliveries.Plan;
using RiskAlerts.Core.Deliveries.Receipts;
using RiskAlerts.Core.Deliveries.Send;
using RiskAlerts.Core.Deliveries.Sms;
using RiskAlerts.Core.Deliveries.Summary;
using RiskAlerts.Core.Replies;
using RiskAlerts.Core.Warnings.Exercises;

namespace RiskAlerts.Core.Deliveries;

/// <summary>Registers the delivery use cases: planner, senders, receipts and summaries.</summary>
public static class DeliveriesServiceCollectionExtensions
{
    /// <summary>
    /// Adds the use cases, <see cref="DeliveryOptions"/> (section <c>Deliveries</c>), <see cref="EscalationOptions"/>
    /// (section <c>Escalation</c>), <see cref="ReceiptBatchingOptions"/> (section <c>Receipts:Batching</c>),
    /// <see cref="DeliveryLinkOptions"/> (section <c>Links</c>) and
    /// <see cref="ExerciseOptions"/> (section <c>Exercises</c>), validated at start, with the
    /// acknowledgements and SMS replies that answer deliveries. The stores, the publisher
    /// and the channels come from their own modules.
    /// </summary>
    public static IServiceCollection AddRiskAlertsDeliveries(this IServiceCollection services)
    {
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ExerciseOptions>().BindConfiguration(ExerciseOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<WarningCache>();
        services.AddOptions<EscalationOptions>().BindConfiguration(EscalationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddTransient<PlanDeliveriesHandler>();
        services.TryAddTransient<EscalateDeliveriesHandler>();
        services.TryAddTransient<EarlierRecipients>();
        services.TryAddTransient<SendSmsBatchHandler>();
        services.TryAddTransient<SendEmailBatchHandler>();
        services.AddOptions<ReceiptBatchingOptions>().BindConfiguration(ReceiptBatchingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<SmsReceiptCommitter>();
        services.TryAddTransient<RecordSmsReceiptsHandler>();
        services.TryAddTransient<GetDeliverySummaryHandler>();
        services.TryAddTransient<ListDeliveriesHandler>();
        services.AddOptions<DeliveryLinkOptions>().BindConfiguration(DeliveryLinkOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<DeliveryLinks>();
        services.TryAddTransient<DeliveryLinkResolver>();
        services.TryAddTransient<AcknowledgeWarningHandler>();
        services.TryAddTransient<Received.ListReceivedWarningsHandler>();
        services.TryAddTransient<RecordSmsRepliesHandler>();
        return services;
    }

    /// <summary>The SMS template settings (section <c>Sms:Template</c>), needed where SMS is sent and where its text is shown as evidence.</summary>
    public static IServiceCollection AddSmsTemplateOptions(this IServiceCollection services)
    {
        services.AddOptions<SmsTemplateOptions>().BindConfiguration("Sms:Template").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<FollowUpWordingOptions>().BindConfiguration("Deliveries:FollowUpWording").ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<FollowUpWording>();
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Cap;
using RiskAlerts.Core.Categories;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Operations.Lookup;
using RiskAlerts.Core.Operations.Overview;
using RiskAlerts.Core.Operations.Pauses;
using RiskAlerts.Core.Organisations;
using RiskAlerts.Core.Privacy;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Signals;
using RiskAlerts.Core.Warnings;
using RiskAlerts.Core.Warnings.Approval;
using RiskAlerts.Core.Warnings.Evidence;
using RiskAlerts.Core.Warnings.FollowUp;
using RiskAlerts.Core.Warnings.Get;
using RiskAlerts.Core.Warnings.List;
using RiskAlerts.Core.Warnings.Outbox;
using RiskAlerts.Core.Warnings.Preview;
using RiskAlerts.Core.Warnings.Retract;
using RiskAlerts.Core.Warnings.Submit;

namespace RiskAlerts.Core;

/// <summary>Registers the application layer's use cases.</summary>
public static class CoreServiceCollectionExtensions
{
    public static IServiceCollection AddRiskAlertsCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(RegionCatalog.Default);
        services.TryAddSingleton(sp => new WarningCategoryCatalog(sp.GetRequiredService<IOptions<WarningCategoryOptions>>()));
        services.AddOptions<WarningCategoryOptions>().BindConfiguration(WarningCategoryOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WarningCategoryOptions>, WarningCategoryOptionsValidator>();
        services.AddOptions<OrganisationOptions>().BindConfiguration(OrganisationOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OrganisationOptions>, OrganisationOptionsValidator>();
        services.TryAddSingleton(sp => new OrganisationCatalog(sp.GetRequiredService<IOptions<OrganisationOptions>>()));
        services.AddTransient<IssuingAuthority>();
        services.AddOptions<ApprovalOptions>().BindConfiguration(ApprovalOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddTransient<ApprovalPolicy>();
        services.AddTransient<DecideApprovalHandler>();
        services.AddTransient<WarningPublisher>();
        services.AddSingleton<WarningDraftParser>();
        services.TryAddSingleton<CapAlertWriter>();
        services.AddTransient<AudienceResolver>();
        services.AddTransient<SubmitWarningHandler>();
        services.AddTransient<GetWarningHandler>();
        services.AddTransient<GetWarningEvidenceHandler>();
        services.AddRiskAlertsRegistrations();
        services.AddTransient<ListWarningsHandler>();
        services.AddTransient<RetractWarningHandler>();
        services.AddTransient<IssueFollowUpHandler>();
        services.AddTransient<PreviewWarningHandler>();
        services.AddTransient<SubmitSignalsHandler>();
        services.AddTransient<PublishPendingWarningsHandler>();
        services.AddTransient<RiskAlerts.Core.Warnings.Complete.CompleteSettledWarningsHandler>();
        services.AddRiskAlertsDeliveries();
        services.AddTransient<GetOperationsOverviewHandler>();
        services.AddOptions<PrivacyOptions>().BindConfiguration(PrivacyOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<AddressPseudonymiser>();
        services.AddTransient<DeliveryRowPseudonymisation>();
        services.AddOptions<RiskAlerts.Core.Privacy.Retention.RetentionOptions>().BindConfiguration(RiskAlerts.Core.Privacy.Retention.RetentionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddTransient<RiskAlerts.Core.Privacy.Retention.PseudonymiseOldDeliveriesHandler>();
        services.AddTransient<RiskAlerts.Core.Privacy.Retention.DeleteOldAuditEntriesHandler>();
        services.AddTransient<RiskAlerts.Core.Privacy.Retention.DeleteExpiredConsentEventsHandler>();
        services.AddTransient<EnterpriseDeliveryScan>();
        services.AddTransient<DeliveryErasure>();
        services.AddTransient<EraseEnterpriseHandler>();
        services.AddTransient<EraseContactHandler>();
        services.AddTransient<ExportEnterpriseHandler>();
        services.AddTransient<AddressDeliverySearch>();
        services.AddTransient<FindDeliveriesToAddressHandler>();

        // The pause catalog (which SMS providers exist) and its store come from the infrastructure module.
        services.TryAddSingleton<LivePauseState>();
        services.TryAddSingleton<ISmsProviderPauses>(sp => sp.GetRequiredService<LivePauseState>());
        services.AddTransient<ListPausesHandler>();
        services.AddTransient<PauseHandler>();
        services.AddTransient<ResumeHandler>();
        return services;
    }
}

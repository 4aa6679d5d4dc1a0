using Azure.Identity;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RiskAlerts.Core.Registrations.Verification;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RiskAlerts.Core.Deliveries.Escalation;
using RiskAlerts.Core.Idempotency;
using RiskAlerts.Core.Operations;
using RiskAlerts.Core.Operations.Audit;
using RiskAlerts.Core.Operations.Overview;
using RiskAlerts.Core.Operations.Pauses;
using RiskAlerts.Core.Warnings;
using RiskAlerts.Infrastructure.Messaging;
using RiskAlerts.Infrastructure.Messaging.Operations;
using RiskAlerts.Infrastructure.Storage;
using RiskAlerts.Infrastructure.Storage.Deliveries;
using RiskAlerts.Infrastructure.Storage.Operations;

namespace RiskAlerts.Infrastructure;

/// <summary>Registers Table Storage and Service Bus behind the Core interfaces.</summary>
public static class InfrastructureServiceCollectionExtensions
{
    /// <summary>Configuration section of the Table Storage connection (connectionString, or endpoint + credential).</summary>
    public const string TablesConnectionSection = "Tables";

    /// <summary>Configuration section of the Service Bus connection (connectionString, or fullyQualifiedNamespace + credential).</summary>
    public const string ServiceBusConnectionSection = "ServiceBus";

    /// <summary>
    /// Adds the Azure clients and the stores and publishers built on them. The connection
    /// settings follow the Functions identity-based convention, so the same names
    /// (<c>ServiceBus__fullyQualifiedNamespace</c>, <c>Tables__endpoint</c>, ...) serve
    /// the Function App, the consumer host and the local run.
    /// </summary>
    public static IServiceCollection AddRiskAlertsInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        services.AddAzureClients(clients =>
        {
            clients.AddTableServiceClient(configuration.GetSection(TablesConnectionSection))
                .ConfigureOptions((options, provider) =>
                {
                    foreach (var policy in provider.GetServices<TableClientPolicy>())
                    {
                        options.AddPolicy(policy.Policy, policy.Position);
                    }
                });
            clients.AddServiceBusClient(configuration.GetSection(ServiceBusConnectionSection));
            clients.AddServiceBusAdministrationClient(configuration.GetSection(ServiceBusConnectionSection));
            clients.UseCredential(new DefaultAzureCredential());
        });

        services.AddSingleton<IWarningStore, TableWarningStore>();
        services.AddEnterpriseStorage();
        services.AddSingleton<IIdempotencyStore, TableIdempotencyStore>();
        services.AddSingleton<ServiceBusWarningQueue>();
        services.AddSingleton<IWarningQueue>(provider => provider.GetRequiredService<ServiceBusWarningQueue>());
        services.AddSingleton<IEscalationScheduler>(provider => provider.GetRequiredService<ServiceBusWarningQueue>());
        services.AddSingleton<IVerificationDispatcher>(provider => provider.GetRequiredService<ServiceBusWarningQueue>());
        services.AddSingleton<IContactVerificationStore, Storage.Verification.TableContactVerificationStore>();
        services.AddSingleton<IDeadLetterQueues, ServiceBusDeadLetterQueues>();
        services.TryAddSingleton<IServiceBusBacklog, ServiceBusAdministrationBacklog>();
        services.AddSingleton<IOperatorAuditTrail, TableOperatorAuditTrail>();
        services.AddSingleton<IChannelPauseStore, TableChannelPauseStore>();

        // Read from configuration rather than SmsOptions: the API validates provider names in hosts
        // that do not send SMS and so do not have (or validate) the providers' secrets.
        services.AddSingleton(new PauseTargetCatalog(
            configuration.GetSection("Sms:Providers").GetChildren().Select(p => p["Name"] ?? string.Empty)));
        services.AddDeliveryInfrastructure();
        return services;
    }
}

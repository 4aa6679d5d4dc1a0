using RiskAlerts.Core;
using RiskAlerts.Infrastructure;
using RiskAlerts.Infrastructure.Messaging.Consumers;
using RiskAlerts.Infrastructure.Telemetry;

namespace RiskAlerts.Consumers;

/// <summary>
/// The consumer host as Azure Container Apps runs it: the planner on the <c>warnings</c> queue and the
/// SMS and email senders on the <c>deliveries</c> subscriptions, over Table Storage and Service Bus. It
/// serves no API (the Function App does), so it trusts no caller header and maps only its health probe.
/// The deployment tests boot exactly this with the settings the Container App's template gives it.
/// </summary>
public static class ConsumerHostComposition
{
    /// <summary>The service name its telemetry carries.</summary>
    public const string ServiceName = "riskalerts-consumers";

    /// <summary>The application layer, the Azure clients and stores, telemetry and the consumers with their channels.</summary>
    public static IServiceCollection AddRiskAlertsConsumerHost(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRiskAlertsCore();
        services.AddRiskAlertsInfrastructure(configuration);
        services.AddRiskAlertsTelemetry(configuration, ServiceName);
        services.AddRiskAlertsConsumers(configuration);
        services.AddHealthChecks();
        return services;
    }

    /// <summary>The health probe, the one route the host serves.</summary>
    public static IEndpointRouteBuilder MapConsumerHostEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz");
        return endpoints;
    }
}

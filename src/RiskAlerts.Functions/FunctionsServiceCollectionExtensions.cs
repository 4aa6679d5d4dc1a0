using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RiskAlerts.Core;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Functions.Receipts;
using RiskAlerts.Functions.Security;
using RiskAlerts.Infrastructure;
using RiskAlerts.Infrastructure.Telemetry;

namespace RiskAlerts.Functions;

/// <summary>
/// Everything the function classes need. Both the Functions host and the local host call
/// this, so the HTTP surface behaves the same in Azure and on a developer's machine.
/// </summary>
public static class FunctionsServiceCollectionExtensions
{
    public static IServiceCollection AddRiskAlertsFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRiskAlertsCore();
        services.AddRiskAlertsInfrastructure(configuration);
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RequestAuthenticator>();
        // Evidence names the SMS text as the senders render it, with the same template settings.
        services.AddSmsTemplateOptions();
        services.AddSingleton<Console.ConsoleCatalog>();
        services.AddOptions<ReceiptOptions>().BindConfiguration(ReceiptOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ProviderCallbackSecrets>();
        return services;
    }

    /// <summary>
    /// The Function App's own composition (its Program.cs): what the function classes need, and
    /// telemetry. The deployment tests boot exactly this with the settings the templates give it.
    /// </summary>
    public static IServiceCollection AddRiskAlertsFunctionApp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRiskAlertsFunctions(configuration);
        services.AddRiskAlertsTelemetry(configuration, "riskalerts-functions");
        return services;
    }
}

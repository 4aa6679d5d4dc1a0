using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RiskAlerts.Core;
using RiskAlerts.Functions.Receipts;
using RiskAlerts.Functions.Security;
using RiskAlerts.Infrastructure;

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
        services.AddOptions<ReceiptOptions>().BindConfiguration(ReceiptOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RiskAlerts.Core.Warnings.Get;
using RiskAlerts.Core.Warnings.Submit;

namespace RiskAlerts.Core;

/// <summary>Registers the application layer's use cases.</summary>
public static class CoreServiceCollectionExtensions
{
    public static IServiceCollection AddRiskAlertsCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddTransient<SubmitWarningHandler>();
        services.AddTransient<GetWarningHandler>();
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Categories;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Registrations;
using RiskAlerts.Core.Registrations.Contacts;
using RiskAlerts.Core.Registrations.Get;
using RiskAlerts.Core.Registrations.List;
using RiskAlerts.Core.Registrations.Preferences;
using RiskAlerts.Core.Registrations.Register;
using RiskAlerts.Core.Registrations.Unsubscribe;

namespace RiskAlerts.Core;

/// <summary>Registers the enterprise registry's use cases and the catalogs they validate against.</summary>
public static class RegistrationsServiceCollectionExtensions
{
    /// <summary>Adds the registration use cases; the store behind <see cref="IEnterpriseRegistry"/> comes from the infrastructure.</summary>
    public static IServiceCollection AddRiskAlertsRegistrations(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(RegionCatalog.Default);

        // The category options are bound (and validated at start) with the rest of the core.
        // The catalog is built by a factory because it has two public constructors, between
        // which the container refuses to choose; Replace makes that hold whoever registered it first.
        services.Replace(ServiceDescriptor.Singleton(sp => new WarningCategoryCatalog(sp.GetRequiredService<IOptions<WarningCategoryOptions>>())));
        services.TryAddSingleton<RegistrationParser>();
        services.TryAddTransient<RegistrationWriter>();
        services.AddTransient<RegisterEnterpriseHandler>();
        services.AddTransient<GetEnterpriseHandler>();
        services.AddTransient<ListEnterprisesHandler>();
        services.AddTransient<ReplaceContactsHandler>();
        services.AddTransient<ReplacePreferencesHandler>();
        services.AddTransient<UnsubscribeHandler>();
        return services;
    }
}

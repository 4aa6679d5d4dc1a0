using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Registrations;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Registrations.OptOut;
using RiskAlerts.Infrastructure.Storage.Enterprises;

namespace RiskAlerts.Infrastructure.Storage;

/// <summary>Registers the Table Storage registry and subscriber directory.</summary>
public static class EnterpriseStorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IEnterpriseRegistry"/>, <see cref="IConsentLog"/> and <see cref="ISubscriberDirectory"/> over the
    /// <c>Enterprises</c> and <c>Subscriptions</c> tables. Needs a <c>TableServiceClient</c>
    /// and <see cref="StorageOptions"/>, which the infrastructure registers. The directory cuts a
    /// broadcast's reads at the prefectures of the <see cref="RegionCatalog"/> (the embedded one unless
    /// another is registered).
    /// </summary>
    public static IServiceCollection AddEnterpriseStorage(this IServiceCollection services)
    {
        services.TryAddSingleton(RegionCatalog.Default);
        services.TryAddSingleton<IEnterpriseRegistry, TableEnterpriseRegistry>();
        services.TryAddSingleton<IConsentLog, TableConsentLog>();
        services.TryAddSingleton<ISubscriberDirectory, TableSubscriberDirectory>();
        return services;
    }
}

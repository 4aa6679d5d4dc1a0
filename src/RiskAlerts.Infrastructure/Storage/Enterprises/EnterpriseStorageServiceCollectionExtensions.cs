using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Registrations;
using RiskAlerts.Core.Registrations.OptOut;
using RiskAlerts.Infrastructure.Storage.Enterprises;

namespace RiskAlerts.Infrastructure.Storage;

/// <summary>Registers the Table Storage registry and subscriber directory.</summary>
public static class EnterpriseStorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IEnterpriseRegistry"/>, <see cref="IConsentLog"/> and <see cref="ISubscriberDirectory"/> over the
    /// <c>Enterprises</c> and <c>Subscriptions</c> tables. Needs a <c>TableServiceClient</c>
    /// and <see cref="StorageOptions"/>, which the infrastructure registers.
    /// </summary>
    public static IServiceCollection AddEnterpriseStorage(this IServiceCollection services)
    {
        services.TryAddSingleton<IEnterpriseRegistry, TableEnterpriseRegistry>();
        services.TryAddSingleton<IConsentLog, TableConsentLog>();
        services.TryAddSingleton<ISubscriberDirectory, TableSubscriberDirectory>();
        return services;
    }
}

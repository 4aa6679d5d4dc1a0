using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RiskAlerts.Core.Registrations;
using RiskAlerts.Core.Registrations.Consent;
using RiskAlerts.Core.Registrations.Contacts;
using RiskAlerts.Core.Registrations.Get;
using RiskAlerts.Core.Registrations.List;
using RiskAlerts.Core.Registrations.OptOut;
using RiskAlerts.Core.Registrations.Preferences;
using RiskAlerts.Core.Registrations.Register;
using RiskAlerts.Core.Registrations.Resubscribe;
using RiskAlerts.Core.Registrations.Unsubscribe;
using RiskAlerts.Core.Registrations.Verification;

namespace RiskAlerts.Core;

/// <summary>Registers the enterprise registry's use cases.</summary>
public static class RegistrationsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the registration use cases. The catalogs they validate against and the clock come from
    /// <see cref="CoreServiceCollectionExtensions.AddRiskAlertsCore"/>, which calls this; the store behind
    /// <see cref="IEnterpriseRegistry"/> comes from the infrastructure.
    /// </summary>
    public static IServiceCollection AddRiskAlertsRegistrations(this IServiceCollection services)
    {
        services.TryAddSingleton<RegistrationParser>();
        services.TryAddTransient<RegistrationWriter>();
        services.AddOptions<ConsentOptions>().BindConfiguration(ConsentOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddTransient<ConsentRecorder>();
        services.AddTransient<ListConsentsHandler>();
        services.AddTransient<RegisterEnterpriseHandler>();
        services.AddTransient<GetEnterpriseHandler>();
        services.AddTransient<ListEnterprisesHandler>();
        services.AddTransient<ReplaceContactsHandler>();
        services.AddTransient<ReplacePreferencesHandler>();
        services.AddTransient<UnsubscribeHandler>();
        services.AddTransient<ResubscribeHandler>();
        services.AddTransient<OptOutHandler>();
        services.AddOptions<ContactVerificationOptions>().BindConfiguration(ContactVerificationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<VerificationCodes>();
        services.TryAddTransient<ContactVerifier>();
        services.AddTransient<RequestVerificationHandler>();
        services.AddTransient<VerifyContactHandler>();
        services.AddTransient<SendVerificationHandler>();
        return services;
    }
}

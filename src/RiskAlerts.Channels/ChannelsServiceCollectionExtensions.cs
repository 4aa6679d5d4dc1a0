using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskAlerts.Channels.Email;
using RiskAlerts.Channels.Sms;
using RiskAlerts.Channels.Sms.Providers;
using RiskAlerts.Channels.Verification;
using RiskAlerts.Core.Deliveries.Email;
using RiskAlerts.Core.Deliveries.Links;
using RiskAlerts.Core.Deliveries.Sms;
using RiskAlerts.Core.Operations.Pauses;
using RiskAlerts.Core.Registrations.Verification;

namespace RiskAlerts.Channels;

/// <summary>Registers the delivery channels.</summary>
public static class ChannelsServiceCollectionExtensions
{
    /// <summary>
    /// Adds SMS (<see cref="ISmsSender"/>, a <see cref="FailoverSmsSender"/> over <c>Sms:Providers</c>,
    /// passing over the providers an <see cref="ISmsProviderPauses"/>, when registered, says are paused)
    /// and email (<see cref="IEmailSender"/>, <see cref="MailKitEmailSender"/> configured by <c>Email</c>),
    /// with options validated at start-up, and the sending of contacts' verification codes over both
    /// (<see cref="IContactVerificationSender"/>, <see cref="ContactVerificationSender"/>).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration; read here for the provider names, so that each provider gets its own named HTTP client.</param>
    public static IServiceCollection AddRiskAlertsChannels(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // The links' key is bound here too, so that the check sees it however the channels are composed.
        services.AddOptions<DeliveryLinkOptions>().BindConfiguration(DeliveryLinkOptions.SectionName);
        // The SMS signature is the warnings' (validated where they are sent); bound here too for the verification SMS.
        services.AddOptions<SmsTemplateOptions>().BindConfiguration("Sms:Template");
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailOptions>, EmailLinksNeedSigningKey>());
        services.TryAddSingleton(TimeProvider.System);

        foreach (var provider in configuration.GetSection($"{SmsOptions.SectionName}:Providers").GetChildren())
        {
            if (provider["Name"] is { Length: > 0 } name)
            {
                services.AddHttpClient(SmsHttpClients.NameFor(name));
            }
        }

        services.AddHttpClient();
        services.TryAddSingleton<SmsProviderFactory>();
        services.TryAddSingleton(sp => new FailoverSmsSender(
            sp.GetRequiredService<SmsProviderFactory>().CreateRoutes(sp.GetRequiredService<IOptions<SmsOptions>>().Value),
            sp.GetRequiredService<ILogger<FailoverSmsSender>>(),
            sp.GetService<ISmsProviderPauses>()));
        services.TryAddSingleton<ISmsSender>(sp => sp.GetRequiredService<FailoverSmsSender>());
        services.TryAddSingleton<ISmsSendRecords>(sp => new ProviderSendRecords(
            sp.GetRequiredService<FailoverSmsSender>().Routes.Select(r => r.Provider).OfType<ISmsSendRecordSource>()));

        services.TryAddSingleton<EmailContentRenderer>();
        services.TryAddSingleton<MailKitEmailSender>();
        services.TryAddSingleton<IEmailSender>(sp => sp.GetRequiredService<MailKitEmailSender>());
        services.TryAddSingleton<IContactVerificationSender, ContactVerificationSender>();
        return services;
    }
}

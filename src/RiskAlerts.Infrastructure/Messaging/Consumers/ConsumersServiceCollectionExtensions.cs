using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RiskAlerts.Channels;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Infrastructure.Telemetry;

namespace RiskAlerts.Infrastructure.Messaging.Consumers;

/// <summary>Registers the Service Bus consumers: planner, SMS sender, email sender.</summary>
public static class ConsumersServiceCollectionExtensions
{
    /// <summary>
    /// Adds the three consumers with the channels they send through, unless <c>Consumers:Enabled</c>
    /// is false. Their settings (<c>Consumers</c>, <c>Sms</c>, <c>Email</c>, <c>Sms:Template</c>,
    /// <c>Deliveries</c>) are validated at start, so a host that would fail at its first message
    /// fails at start instead.
    /// </summary>
    public static IServiceCollection AddRiskAlertsConsumers(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ConsumerOptions>().BindConfiguration(ConsumerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConsumerOptions>, ConsumerOptionsValidator>();
        var enabled = configuration.GetSection(ConsumerOptions.SectionName).GetValue(nameof(ConsumerOptions.Enabled), defaultValue: true);
        if (!enabled)
        {
            return services;
        }

        services.AddRiskAlertsChannels(configuration);
        services.AddSmsTemplateOptions();
        services.AddHostedService<PlannerConsumer>();
        services.AddHostedService<SmsSenderConsumer>();
        services.AddHostedService<EmailSenderConsumer>();
        services.AddHostedService<ChannelConnectionWarmUp>();
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<BacklogSampler>();
        return services;
    }

    /// <summary>Data annotations do not descend into the nested processor settings; this does.</summary>
    private sealed class ConsumerOptionsValidator : IValidateOptions<ConsumerOptions>
    {
        public ValidateOptionsResult Validate(string? name, ConsumerOptions options)
        {
            var failures = new List<string>();
            foreach (var (key, settings) in new[] { ("Planner", options.Planner), ("Sms", options.Sms), ("Email", options.Email) })
            {
                var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
                if (!System.ComponentModel.DataAnnotations.Validator.TryValidateObject(settings, new(settings), results, validateAllProperties: true))
                {
                    failures.AddRange(results.Select(r => $"Consumers:{key}: {r.ErrorMessage}"));
                }
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}

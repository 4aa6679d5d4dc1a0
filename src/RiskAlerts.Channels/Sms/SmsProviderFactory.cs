using Microsoft.Extensions.Logging;
using RiskAlerts.Channels.Sms.Providers;

namespace RiskAlerts.Channels.Sms;

/// <summary>Builds providers and their resilience routes from <see cref="SmsProviderOptions"/>.</summary>
public sealed class SmsProviderFactory
{
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the factory.</summary>
    public SmsProviderFactory(IHttpClientFactory httpClientFactory, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        _httpClientFactory = httpClientFactory;
        _loggerFactory = loggerFactory;
        _timeProvider = timeProvider;
    }

    /// <summary>The provider an entry of <c>Sms:Providers</c> describes.</summary>
    public ISmsProvider Create(SmsProviderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Kind switch
        {
            SmsProviderKind.Aliyun => new AliyunSmsProvider(options, _httpClientFactory, _loggerFactory.CreateLogger<AliyunSmsProvider>(), _timeProvider),
            SmsProviderKind.Tencent => new TencentSmsProvider(options, _httpClientFactory, _loggerFactory.CreateLogger<TencentSmsProvider>(), _timeProvider),
            SmsProviderKind.Generic => new GenericHttpSmsProvider(options, _httpClientFactory, _loggerFactory.CreateLogger<GenericHttpSmsProvider>(), _timeProvider),
            _ => throw new ArgumentException($"Provider '{options.Name}' has no or an unknown kind.", nameof(options)),
        };
    }

    /// <summary>Every configured provider wrapped in its circuit breaker and timeout, in failover order.</summary>
    public IReadOnlyList<SmsProviderRoute> CreateRoutes(SmsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Providers.Select(p => new SmsProviderRoute(Create(p), p.Resilience, _timeProvider)).ToList();
    }
}

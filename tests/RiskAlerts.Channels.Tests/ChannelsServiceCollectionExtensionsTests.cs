using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RiskAlerts.Channels.Email;
using RiskAlerts.Channels.Sms;
using RiskAlerts.Channels.Sms.Providers;
using RiskAlerts.Core.Deliveries.Email;
using RiskAlerts.Core.Deliveries.Sms;

namespace RiskAlerts.Channels.Tests;

public sealed class ChannelsServiceCollectionExtensionsTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["Sms:Providers:0:Name"] = "aliyun-main",
        ["Sms:Providers:0:Kind"] = "Aliyun",
        ["Sms:Providers:0:Endpoint"] = "https://dysmsapi.aliyuncs.com/",
        ["Sms:Providers:0:KeyId"] = "LTAI-id",
        ["Sms:Providers:0:KeySecret"] = "secret",
        ["Sms:Providers:0:Templates:warning:ProviderTemplateId"] = "SMS_1",
        ["Sms:Providers:1:Name"] = "tencent-backup",
        ["Sms:Providers:1:Kind"] = "Tencent",
        ["Sms:Providers:1:Endpoint"] = "https://sms.tencentcloudapi.com/",
        ["Sms:Providers:1:KeyId"] = "AKID",
        ["Sms:Providers:1:KeySecret"] = "secret",
        ["Sms:Providers:1:AppId"] = "1400006666",
        ["Sms:Providers:1:Resilience:Timeout"] = "00:00:03",
        ["Sms:Providers:2:Name"] = "local",
        ["Sms:Providers:2:Kind"] = "Generic",
        ["Sms:Providers:2:Endpoint"] = "http://127.0.0.1:5099/",
        ["Sms:Providers:2:KeySecret"] = "token",
        ["Email:Host"] = "127.0.0.1",
        ["Email:Port"] = "2525",
        ["Email:FromAddress"] = "alerts@example.cn",
        ["Email:AcknowledgeBaseUrl"] = "https://alerts.example.cn/ack",
        ["Email:UnsubscribeBaseUrl"] = "https://alerts.example.cn/unsubscribe",
        ["Links:SigningKey"] = "channels-test-link-signing-key-0123456789",
    };

    [Fact]
    public void Builds_the_failover_sender_over_the_configured_providers_in_order()
    {
        using var services = Build(Valid);

        var sender = Assert.IsType<FailoverSmsSender>(services.GetRequiredService<ISmsSender>());
        Assert.Equal(["aliyun-main", "tencent-backup", "local"], sender.Routes.Select(r => r.Provider.Name));
        Assert.IsType<AliyunSmsProvider>(sender.Routes[0].Provider);
        Assert.IsType<TencentSmsProvider>(sender.Routes[1].Provider);
        Assert.IsType<GenericHttpSmsProvider>(sender.Routes[2].Provider);
        Assert.Equal(TimeSpan.FromSeconds(3), sender.Routes[1].Timeout);
        Assert.IsType<MailKitEmailSender>(services.GetRequiredService<IEmailSender>());
    }

    [Fact]
    public void A_provider_without_its_secret_fails_validation()
    {
        using var services = Build(new Dictionary<string, string?>(Valid) { ["Sms:Providers:1:KeySecret"] = null });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SmsOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains("Sms:Providers:1", StringComparison.Ordinal) && f.Contains("KeySecret", StringComparison.Ordinal));
    }

    [Fact]
    public void A_tencent_provider_without_its_app_id_fails_validation()
    {
        using var services = Build(new Dictionary<string, string?>(Valid) { ["Sms:Providers:1:AppId"] = null });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SmsOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains("Sms:Providers:1", StringComparison.Ordinal) && f.Contains("AppId", StringComparison.Ordinal));
    }

    [Fact]
    public void Email_settings_without_a_sender_address_fail_validation()
    {
        var settings = new Dictionary<string, string?>(Valid) { ["Email:FromAddress"] = null };
        using var services = Build(settings);

        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<EmailOptions>>().Value);
    }

    [Fact]
    public void Email_settings_with_one_link_and_not_the_other_fail_validation()
    {
        using var services = Build(new Dictionary<string, string?>(Valid) { ["Email:UnsubscribeBaseUrl"] = null });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<EmailOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains("set together", StringComparison.Ordinal));
    }

    [Fact]
    public void Email_settings_without_links_are_valid()
    {
        using var services = Build(new Dictionary<string, string?>(Valid) { ["Email:AcknowledgeBaseUrl"] = null, ["Email:UnsubscribeBaseUrl"] = null });

        Assert.False(services.GetRequiredService<IOptions<EmailOptions>>().Value.HasLinks);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65")]
    public void An_email_pool_of_fewer_than_one_or_more_than_64_connections_fails_validation(string connections)
    {
        using var services = Build(new Dictionary<string, string?>(Valid) { ["Email:Connections"] = connections });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<EmailOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains(nameof(EmailOptions.Connections), StringComparison.Ordinal));
    }

    [Fact]
    public void The_email_pool_has_eight_connections_unless_configured()
    {
        using var services = Build(Valid);
        using var configured = Build(new Dictionary<string, string?>(Valid) { ["Email:Connections"] = "16" });

        Assert.Equal(8, services.GetRequiredService<IOptions<EmailOptions>>().Value.Connections);
        Assert.Equal(16, configured.GetRequiredService<IOptions<EmailOptions>>().Value.Connections);
    }

    [Fact]
    public void A_default_template_binds_from_settings_that_name_no_template_code()
    {
        using var services = Build(new Dictionary<string, string?>(Valid) { ["Sms:Providers:1:DefaultTemplate:ProviderTemplateId"] = "1110" });

        var tencent = services.GetRequiredService<IOptions<SmsOptions>>().Value.Providers[1];

        Assert.Equal("1110", tencent.TemplateFor("risk-warning")?.ProviderTemplateId);
        Assert.Null(services.GetRequiredService<IOptions<SmsOptions>>().Value.Providers[2].TemplateFor("risk-warning"));
    }

    [Fact]
    public void A_default_template_without_its_id_fails_validation()
    {
        using var services = Build(new Dictionary<string, string?>(Valid) { ["Sms:Providers:0:DefaultTemplate:ProviderTemplateId"] = string.Empty });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SmsOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains("Sms:Providers:0", StringComparison.Ordinal) && f.Contains(nameof(SmsProviderTemplateOptions.ProviderTemplateId), StringComparison.Ordinal));
    }

    [Fact]
    public void Two_providers_with_the_same_name_fail_validation()
    {
        var settings = new Dictionary<string, string?>(Valid) { ["Sms:Providers:2:Name"] = "ALIYUN-main" };
        using var services = Build(settings);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SmsOptions>>().Value);
        Assert.Contains(error.Failures, f => f.Contains("used twice", StringComparison.Ordinal));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddRiskAlertsChannels(configuration);
        return services.BuildServiceProvider();
    }
}

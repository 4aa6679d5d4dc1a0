using System.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskAlerts.Channels.Email;
using RiskAlerts.Channels.Tests.Email;
using RiskAlerts.Channels.Tests.Support;
using RiskAlerts.Channels.Verification;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries.Email;
using RiskAlerts.Core.Registrations.Verification;
using RiskAlerts.LocalChannels.Email;
using RiskAlerts.LocalChannels.Sms;

namespace RiskAlerts.Channels.Tests.Verification;

public sealed class ContactVerificationSenderTests : IAsyncLifetime
{
    private const string Phone = "+8613800138000";
    private const string Mailbox = "zhang.san@example.cn";
    private const string Code = "739146";
    private const string VerifyPage = "https://alerts.example.cn/verify-email";
    private static readonly DateTimeOffset IssuedAt = new(2026, 12, 3, 9, 30, 0, 125, TimeSpan.Zero);

    private LocalSmsGateway _gateway = null!;
    private LocalSmtpServer _smtp = null!;
    private readonly RecordingLoggerProvider _logs = new();
    private readonly List<ServiceProvider> _built = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _gateway = await LocalSmsGateway.StartAsync(new LocalSmsGatewayOptions { ApiKey = "gw-key", ReceiptDelay = TimeSpan.FromMilliseconds(50), RandomSeed = 3 }, cancellationToken: Ct);
        _smtp = await LocalSmtpServer.StartAsync(cancellationToken: Ct);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var services in _built)
        {
            await services.DisposeAsync();
        }

        await _gateway.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task A_verification_sms_carries_the_code_and_its_minutes_to_the_number_under_the_warnings_signature()
    {
        var outcome = await Sender().SendAsync(SmsNotice(), Ct);

        Assert.Equal(VerificationSendOutcome.Sent, outcome);
        var sms = Assert.Single(_gateway.Messages);
        Assert.Equal(Phone, sms.Phone);
        Assert.Equal("风险预警中心", sms.Signature);
        Assert.Equal($"【风险预警中心】您正在验证接收风险预警的手机号，验证码{Code}，10分钟内有效。如非本人操作，请忽略本短信。", sms.Text);
    }

    [Fact]
    public async Task The_sms_request_carries_the_challenges_id_as_its_idempotency_reference()
    {
        await using var gateway = await CallbackRecorder.StartAsync(Ct);
        gateway.Reply = _ => (200, $$"""{"results":[{"phone":"{{Phone}}","messageId":"m-1","status":"accepted"}]}""");

        var outcome = await Sender(new() { ["Sms:Providers:0:Endpoint"] = gateway.BaseAddress.AbsoluteUri }).SendAsync(SmsNotice(), Ct);

        Assert.Equal(VerificationSendOutcome.Sent, outcome);
        var body = Assert.Single(gateway.Requests).Json;
        Assert.Equal("verify:91310000MA1FL0001X:c-1:sms:1796290200125", body.GetProperty("requestId").GetString());
        Assert.Equal([Phone], body.GetProperty("phones").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task A_repeated_send_of_the_same_challenge_sends_nothing_twice_and_a_new_challenge_sends_again()
    {
        var sender = Sender();

        Assert.Equal(VerificationSendOutcome.Sent, await sender.SendAsync(SmsNotice(), Ct));
        Assert.Equal(VerificationSendOutcome.Sent, await sender.SendAsync(SmsNotice(), Ct));
        Assert.Single(_gateway.Messages);
        Assert.Equal(1, _gateway.RepeatedAnswers);

        var later = SmsNotice(issuedAt: IssuedAt.AddMinutes(2), code: "205318");
        Assert.Equal(VerificationSendOutcome.Sent, await sender.SendAsync(later, Ct));
        Assert.Equal(2, _gateway.Messages.Count);
        Assert.Contains("205318", _gateway.Messages[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_template_provider_gets_the_verification_template_and_the_code_and_minutes_rounded_up_as_parameters()
    {
        await using var aliyun = await CallbackRecorder.StartAsync(Ct);
        aliyun.Reply = _ => (200, """{"Code":"OK","Message":"OK","BizId":"900619746936498440^0","RequestId":"F655A8D5"}""");
        var sender = Sender(Aliyun(aliyun));

        var outcome = await sender.SendAsync(SmsNotice(lifetime: TimeSpan.FromSeconds(270)), Ct);

        Assert.Equal(VerificationSendOutcome.Sent, outcome);
        var form = HttpUtility.ParseQueryString(Assert.Single(aliyun.Requests).Body);
        Assert.Equal("SMS_VERIFY_1", form["TemplateCode"]);
        Assert.Equal($$"""{"code":"{{Code}}","minutes":"5"}""", form["TemplateParam"]);
        Assert.Equal("风险预警中心", form["SignName"]);
        Assert.Equal("13800138000", form["PhoneNumbers"]);
        Assert.Equal("contact-verification", ContactVerificationSender.TemplateCode);
    }

    [Fact]
    public async Task A_number_the_provider_refuses_for_good_is_refused()
    {
        _gateway.Faults.RejectPhone(Phone, "BLACKLISTED");

        Assert.Equal(VerificationSendOutcome.Refused, await Sender().SendAsync(SmsNotice(), Ct));
        Assert.Empty(_gateway.Messages);
    }

    [Fact]
    public async Task A_number_over_the_providers_own_frequency_limit_is_refused()
    {
        await using var aliyun = await CallbackRecorder.StartAsync(Ct);
        aliyun.Reply = _ => (200, """{"Code":"isv.BUSINESS_LIMIT_CONTROL","Message":"触发分钟级流控Permits:1","RequestId":"F655A8D5"}""");

        Assert.Equal(VerificationSendOutcome.Refused, await Sender(Aliyun(aliyun)).SendAsync(SmsNotice(), Ct));
    }

    [Fact]
    public async Task A_provider_that_is_down_is_worth_another_try()
    {
        _gateway.Faults.Down = true;

        Assert.Equal(VerificationSendOutcome.Retry, await Sender().SendAsync(SmsNotice(), Ct));
        Assert.Empty(_gateway.Messages);
    }

    [Fact]
    public async Task A_verification_email_arrives_with_the_code_its_minutes_and_the_link_with_the_token_escaped_and_no_unsubscribe_headers()
    {
        var services = Build();
        var sender = services.GetRequiredService<IContactVerificationSender>();

        var outcome = await sender.SendAsync(EmailNotice(token: "tok/en+1"), Ct);

        Assert.Equal(VerificationSendOutcome.Sent, outcome);
        var email = Assert.Single(_smtp.Messages);
        Assert.Equal([Mailbox], email.To);
        Assert.Equal("alerts@riskalerts.example.cn", email.From);
        Assert.Equal("【风险预警】请验证您的邮箱", email.Subject);
        Assert.False(email.Headers.ContainsKey("List-Unsubscribe"));
        Assert.False(email.Headers.ContainsKey("List-Unsubscribe-Post"));
        const string link = VerifyPage + "?token=tok%2Fen%2B1";
        Assert.Contains("张三，您好：", email.TextBody, StringComparison.Ordinal);
        Assert.Contains($"验证码：{Code}，10分钟内有效。", email.TextBody, StringComparison.Ordinal);
        Assert.Contains(link, email.TextBody, StringComparison.Ordinal);
        Assert.Contains(Code, email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("10分钟内有效", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{link}\">", email.HtmlBody, StringComparison.Ordinal);
        var mail = services.GetRequiredService<MailKitEmailSender>();
        Assert.Equal(mail.MessageIdFor("verify:91310000MA1FL0001X:c-1:email:1796290200125"), email.MessageId);
    }

    [Fact]
    public async Task A_resent_verification_email_carries_the_same_message_id_and_a_new_challenge_another()
    {
        var sender = Sender();

        await sender.SendAsync(EmailNotice(), Ct);
        await sender.SendAsync(EmailNotice(), Ct);
        await sender.SendAsync(EmailNotice(issuedAt: IssuedAt.AddMinutes(1)), Ct);

        var ids = _smtp.Messages.Select(m => m.MessageId).ToList();
        Assert.Equal(3, ids.Count);
        Assert.Equal(ids[0], ids[1]);
        Assert.NotEqual(ids[0], ids[2]);
    }

    [Fact]
    public async Task Without_a_verify_page_or_without_a_token_the_email_carries_only_the_code()
    {
        Assert.Equal(VerificationSendOutcome.Sent, await Sender(new() { ["Email:VerifyBaseUrl"] = null }).SendAsync(EmailNotice(token: "tok-1"), Ct));
        Assert.Equal(VerificationSendOutcome.Sent, await Sender().SendAsync(EmailNotice(token: null), Ct));

        Assert.Equal(2, _smtp.Messages.Count);
        Assert.All(_smtp.Messages, email =>
        {
            Assert.Contains(Code, email.TextBody, StringComparison.Ordinal);
            Assert.Contains(Code, email.HtmlBody, StringComparison.Ordinal);
            Assert.DoesNotContain("token=", email.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("verify-email", email.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("<a ", email.HtmlBody, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task The_contacts_name_arrives_escaped_in_the_html_body()
    {
        await Sender().SendAsync(EmailNotice(name: "<script>alert(1)</script>张 & 李"), Ct);

        var email = Assert.Single(_smtp.Messages);
        Assert.DoesNotContain("<script>", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;张 &amp; 李，您好：", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<script>alert(1)</script>张 & 李，您好：", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_the_server_refuses_with_550_is_refused()
    {
        _smtp.RejectRecipient(Mailbox);

        Assert.Equal(VerificationSendOutcome.Refused, await Sender().SendAsync(EmailNotice(), Ct));
        Assert.Empty(_smtp.Messages);
    }

    [Fact]
    public async Task An_unreachable_smtp_server_is_worth_another_try()
    {
        var sender = Sender(new() { ["Email:Port"] = ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(VerificationSendOutcome.Retry, await sender.SendAsync(EmailNotice(), Ct));
    }

    [Fact]
    public async Task A_verification_email_goes_over_the_connection_the_warning_emails_keep_open()
    {
        var services = Build();
        var warnings = services.GetRequiredService<IEmailSender>();
        var sender = services.GetRequiredService<IContactVerificationSender>();

        Assert.IsType<EmailSendResult.Accepted>(await warnings.SendAsync(EmailContentRendererTests.Delivery(), Ct));
        Assert.Equal(VerificationSendOutcome.Sent, await sender.SendAsync(EmailNotice(), Ct));
        Assert.IsType<EmailSendResult.Accepted>(await warnings.SendAsync(EmailContentRendererTests.Delivery(id: "w-1:email:0:c-2"), Ct));

        Assert.Equal(3, _smtp.Messages.Count);
        Assert.Equal(1, _smtp.ConnectionCount);
    }

    [Fact]
    public async Task Nothing_logged_while_sending_carries_the_code_or_an_unmasked_address()
    {
        var sender = Sender();
        await sender.SendAsync(SmsNotice(), Ct);
        await sender.SendAsync(EmailNotice(), Ct);
        _gateway.Faults.RejectPhone("+8613900139000", "BLACKLISTED");
        await sender.SendAsync(SmsNotice(phone: "+8613900139000"), Ct);
        _smtp.RejectRecipient("gone@example.cn");
        await sender.SendAsync(EmailNotice(address: "gone@example.cn"), Ct);
        _gateway.Faults.Down = true;
        await sender.SendAsync(SmsNotice(issuedAt: IssuedAt.AddMinutes(5)), Ct);
        await Sender(new() { ["Email:Port"] = ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture) }).SendAsync(EmailNotice(), Ct);

        var entries = _logs.Entries.Where(e => e.Contains(nameof(ContactVerificationSender), StringComparison.Ordinal)).ToList();
        Assert.Equal(6, entries.Count);
        Assert.Contains(entries, e => e.Contains("+86 138****8000", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Contains("z***@example.cn", StringComparison.Ordinal));
        Assert.All(_logs.Entries, e =>
        {
            Assert.DoesNotContain(Code, e, StringComparison.Ordinal);
            Assert.DoesNotContain("13800138000", e, StringComparison.Ordinal);
            Assert.DoesNotContain(Mailbox, e, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_reason_from_the_provider_that_echoes_the_code_is_logged_with_the_code_blanked()
    {
        await using var gateway = await CallbackRecorder.StartAsync(Ct);
        gateway.Reply = _ => (400, $"text rejected: 验证码{Code}");

        Assert.Equal(VerificationSendOutcome.Refused, await Sender(new() { ["Sms:Providers:0:Endpoint"] = gateway.BaseAddress.AbsoluteUri }).SendAsync(SmsNotice(), Ct));

        var refusal = Assert.Single(_logs.Entries, e => e.Contains(nameof(ContactVerificationSender), StringComparison.Ordinal));
        Assert.Contains("验证码******", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain(Code, refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void A_verify_page_that_is_not_an_absolute_web_address_fails_validation()
    {
        var services = Build(new() { ["Email:VerifyBaseUrl"] = "verify-email" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<EmailOptions>>().Value);
        Assert.Contains(error.Failures, f => f.Contains("Email:VerifyBaseUrl", StringComparison.Ordinal));
    }

    private static VerificationNotice SmsNotice(string phone = Phone, DateTimeOffset? issuedAt = null, string code = Code, TimeSpan? lifetime = null)
    {
        var issued = issuedAt ?? IssuedAt;
        return new VerificationNotice(
            new VerificationChallenge("91310000MA1FL0001X", "c-1", Channel.Sms, phone, issued, issued + (lifetime ?? TimeSpan.FromMinutes(10))),
            code,
            null,
            "张三");
    }

    private static VerificationNotice EmailNotice(string address = Mailbox, DateTimeOffset? issuedAt = null, string? token = "tok-1", string? name = "张三")
    {
        var issued = issuedAt ?? IssuedAt;
        return new VerificationNotice(
            new VerificationChallenge("91310000MA1FL0001X", "c-1", Channel.Email, address, issued, issued.AddMinutes(10)),
            Code,
            token,
            name);
    }

    private static Dictionary<string, string?> Aliyun(CallbackRecorder server) => new()
    {
        ["Sms:Providers:0:Name"] = "aliyun",
        ["Sms:Providers:0:Kind"] = "Aliyun",
        ["Sms:Providers:0:Endpoint"] = server.BaseAddress.AbsoluteUri,
        ["Sms:Providers:0:KeyId"] = "LTAI-test",
        ["Sms:Providers:0:KeySecret"] = "aliyun-secret",
        ["Sms:Providers:0:Templates:risk-warning:ProviderTemplateId"] = "SMS_WARNING_1",
        ["Sms:Providers:0:Templates:contact-verification:ProviderTemplateId"] = "SMS_VERIFY_1",
    };

    private IContactVerificationSender Sender(Dictionary<string, string?>? overrides = null) =>
        Build(overrides).GetRequiredService<IContactVerificationSender>();

    /// <summary>The channels as the hosts compose them, over the local SMS gateway and SMTP server.</summary>
    private ServiceProvider Build(Dictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sms:Providers:0:Name"] = "gateway",
            ["Sms:Providers:0:Kind"] = "Generic",
            ["Sms:Providers:0:Endpoint"] = _gateway.BaseAddress.AbsoluteUri,
            ["Sms:Providers:0:KeySecret"] = "gw-key",
            ["Sms:Template:Signature"] = "风险预警中心",
            ["Email:Host"] = _smtp.Host,
            ["Email:Port"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:FromAddress"] = "alerts@riskalerts.example.cn",
            ["Email:Timeout"] = "00:00:05",
            ["Email:VerifyBaseUrl"] = VerifyPage,
        };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs))
            .AddSingleton<IConfiguration>(configuration);
        services.AddRiskAlertsChannels(configuration);
        var provider = services.BuildServiceProvider();
        _built.Add(provider);
        return provider;
    }

    private static int ClosedPort()
    {
        // A port that was free a moment ago and has nothing listening now.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

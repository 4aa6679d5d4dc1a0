using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using RiskAlerts.Functions.Security;
using RiskAlerts.Host;
using RiskAlerts.Host.Local;
using RiskAlerts.Infrastructure.Storage;
using RiskAlerts.LocalChannels.Email;
using RiskAlerts.LocalChannels.Sms;
using RiskAlerts.LocalServiceBus;
using RiskAlerts.TestLogs;

[assembly: AssemblyFixture(typeof(RiskAlerts.IntegrationTests.Fixtures.LocalStackFixture))]

namespace RiskAlerts.IntegrationTests.Fixtures;

/// <summary>
/// One real local stack per test run: Azurite (in memory, free port), the local Service Bus
/// broker with the product topology, and the RiskAlerts host serving the Functions routes
/// over Kestrel on a free port. Tests talk to it only through HTTP and the official Azure clients.
/// </summary>
public class LocalStackFixture : IAsyncLifetime
{
    private readonly bool _consumers;

    private AzuriteTableServer? _azurite;
    private LocalServiceBusBroker? _broker;
    private WebApplication? _host;
    private LocalSmsGateway? _smsGateway;
    private LocalSmsGateway? _backupSmsGateway;
    private LocalSmtpServer? _smtp;
    private readonly DevelopmentTokenOptions _signingKey = new() { SigningKey = DevelopmentTokens.NewSigningKey() };

    /// <summary>
    /// The stack without the Service Bus consumers: the front-door tests look at warnings and queue
    /// messages before a planner would take them.
    /// </summary>
    public LocalStackFixture()
        : this(consumers: false)
    {
    }

    /// <summary>The stack, with or without the planner and the senders running in the host.</summary>
    protected LocalStackFixture(bool consumers) => _consumers = consumers;

    /// <summary>The secret both SMS gateways send with their receipts.</summary>
    public const string ReceiptSecret = "test-receipt-secret-0123456789";

    /// <summary>The key that signs the links in messages, so tests can make a link's token (or a forged one).</summary>
    public const string LinkSigningKey = "test-link-signing-key-0123456789abcdef";

    /// <summary>The key delivery rows are pseudonymised with in the tests (no real secret).</summary>
    public const string PseudonymKey = "test-pseudonym-key-0123456789abcdef";

    /// <summary>A client that sends no credentials.</summary>
    public HttpClient Http { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public TableServiceClient Tables { get; private set; } = null!;

    public ServiceBusClient ServiceBus { get; private set; } = null!;

    public LocalServiceBusBroker Broker => _broker!;

    /// <summary>The running host's services, for tests that drive a use case directly.</summary>
    public IServiceProvider Services => _host!.Services;

    public AzuriteTableServer Azurite => _azurite!;

    /// <summary>The first SMS provider (<c>primary</c>): the local gateway stand-in, receipts to the host.</summary>
    public LocalSmsGateway SmsGateway => _smsGateway!;

    /// <summary>The failover SMS provider (<c>backup</c>), another gateway stand-in.</summary>
    public LocalSmsGateway BackupSmsGateway => _backupSmsGateway!;

    /// <summary>The SMTP server the email sender sends to.</summary>
    public LocalSmtpServer Smtp => _smtp!;

    /// <summary>The Table transactions the host sends, for tests that count their own.</summary>
    public TableTransactionCounter TableTransactions { get; } = new();

    /// <summary>The spans the host's OpenTelemetry pipeline ended, for the traces a test watches.</summary>
    public TraceCapture Traces { get; } = new();

    /// <summary>
    /// A client whose requests carry a bearer token for <paramref name="role"/>, of
    /// <paramref name="organisation"/> (<see cref="TestOrganisations.Nationwide"/> unless given).
    /// </summary>
    public HttpClient ClientFor(string role, string? uscc = null, string? name = null, string? organisation = TestOrganisations.Nationwide)
    {
        var token = DevelopmentTokens.Issue(_signingKey, name ?? $"test-{role}", [role], uscc, "uscc", TimeSpan.FromHours(1), organisation: organisation);
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async ValueTask InitializeAsync()
    {
        _azurite = await AzuriteTableServer.StartAsync();
        _broker = await LocalServiceBusBroker.StartAsync(BrokerTopology.ProductDefault());
        // The host's port is chosen first: the gateways post receipts and replies to it.
        var hostAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        _smsGateway = await LocalSmsGateway.StartAsync(new LocalSmsGatewayOptions { ReceiptSecret = ReceiptSecret, ReplyCallbackUrl = new Uri(hostAddress, "api/replies/sms/primary") });
        _backupSmsGateway = await LocalSmsGateway.StartAsync(new LocalSmsGatewayOptions { ReceiptSecret = ReceiptSecret, ReplyCallbackUrl = new Uri(hostAddress, "api/replies/sms/backup") });
        _smtp = await LocalSmtpServer.StartAsync();

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Test",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tables:connectionString"] = _azurite.ConnectionString,
            ["ServiceBus:connectionString"] = _broker.ConnectionString,
            ["LocalRun:ServeHttpApi"] = "true",
            ["LocalRun:ProvisionTables"] = "true",
            ["LocalRun:StartStandIns"] = "false",
            ["Auth:DevelopmentTokens:SigningKey"] = _signingKey.SigningKey,
            ["Consumers:Enabled"] = _consumers ? "true" : "false",
            ["Consumers:PausePollInterval"] = "00:00:00.200",
            ["Sms:Providers:0:Name"] = "primary",
            ["Sms:Providers:0:Kind"] = "Generic",
            ["Sms:Providers:0:Endpoint"] = _smsGateway.BaseAddress.AbsoluteUri,
            ["Sms:Providers:0:KeySecret"] = "test-token",
            ["Sms:Providers:0:CallbackUrl"] = new Uri(hostAddress, "api/receipts/sms/primary").AbsoluteUri,
            ["Sms:Providers:0:Resilience:BreakDuration"] = "00:00:01",
            ["Sms:Providers:1:Name"] = "backup",
            ["Sms:Providers:1:Kind"] = "Generic",
            ["Sms:Providers:1:Endpoint"] = _backupSmsGateway.BaseAddress.AbsoluteUri,
            ["Sms:Providers:1:KeySecret"] = "test-token",
            ["Sms:Providers:1:CallbackUrl"] = new Uri(hostAddress, "api/receipts/sms/backup").AbsoluteUri,
            ["Sms:Providers:1:Resilience:BreakDuration"] = "00:00:01",
            ["Receipts:Providers:primary:Secret"] = ReceiptSecret,
            ["Receipts:Providers:backup:Secret"] = ReceiptSecret,
            // Callbacks in the providers' own formats, with the secret in the URL as their consoles allow.
            ["Receipts:Providers:aliyun:Secret"] = ReceiptSecret,
            ["Receipts:Providers:aliyun:Format"] = "Aliyun",
            // The tests post from this machine, which the allow-list names; a provider allowed only
            // elsewhere (TEST-NET-3) shows the refusal.
            ["Receipts:Providers:aliyun:AllowedSources"] = "127.0.0.0/8, ::1",
            ["Receipts:Providers:fenced:Secret"] = ReceiptSecret,
            ["Receipts:Providers:fenced:Format"] = "Aliyun",
            ["Receipts:Providers:fenced:AllowedSources"] = "203.0.113.0/24",
            ["Receipts:Providers:tencent:Secret"] = ReceiptSecret,
            ["Receipts:Providers:tencent:Format"] = "Tencent",
            ["Email:Host"] = _smtp.Host,
            ["Email:Port"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:FromAddress"] = "alerts@riskalerts.test",
            ["Email:AcknowledgeBaseUrl"] = new Uri(hostAddress, "api/acknowledge").AbsoluteUri,
            ["Email:UnsubscribeBaseUrl"] = new Uri(hostAddress, "api/unsubscribe").AbsoluteUri,
            ["Email:VerifyBaseUrl"] = new Uri(hostAddress, "api/verify-contact").AbsoluteUri,
            ["Links:SigningKey"] = LinkSigningKey,
            ["Privacy:PseudonymKey"] = PseudonymKey,
            // Few, fast attempts, so that an outage exhausts them within a test (the product's are 50 over six hours).
            ["Deliveries:MaxAttempts"] = "5",
            // A batch that found every circuit open asks again soon; with 15 s, an outage of both
            // providers gives each batch one attempt per wait and outlasts the test.
            ["Deliveries:ProviderWaitDelay"] = "00:00:00.500",
            ["Deliveries:RetryBaseDelay"] = "00:00:00.200",
            ["Deliveries:RetryMaxDelay"] = "00:00:01",
            ["Deliveries:WarningCacheDuration"] = "00:00:00",
            // Every contact of an enterprise gets each warning at once, as these tests count; the
            // escalation tests plan with the product's windows themselves.
            ["Escalation:Extreme"] = string.Empty,
            ["Escalation:Severe"] = string.Empty,
            ["Telemetry:BacklogSampleInterval"] = "00:00:00.500",
        });
        builder.Configuration.AddInMemoryCollection(TestOrganisations.Settings());
        builder.Logging.ClearProviders();
        builder.Logging.AddTestLogFile(_consumers ? "delivery-stack" : "local-stack");
        if (Environment.GetEnvironmentVariable("RISKALERTS_TEST_CONSOLE_LOG") == "1")
        {
            // Opt-in host logs for diagnosing a failing test locally.
            builder.Logging.AddSimpleConsole();
        }

        builder.WebHost.UseUrls(hostAddress.AbsoluteUri.TrimEnd('/'));
        // Callback storms open thousands of connections at once: with the default backlog (512) the
        // rest wait out TCP's one-second SYN retransmits and arrive as a trickle instead of a storm.
        builder.WebHost.UseSockets(sockets => sockets.Backlog = 4096);
        // The host reads the Service Bus backlog from the broker it is given, as the local run does.
        builder.Services.AddSingleton(_broker);
        builder.Services.AddSingleton(new TableClientPolicy(TableTransactions));
        await HostComposition.ConfigureServicesAsync(builder);
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(Traces));
        _host = builder.Build();
        HostComposition.ConfigurePipeline(_host);
        await _host.StartAsync();

        var address = _host.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseAddress = new Uri(address);
        Http = new HttpClient { BaseAddress = BaseAddress };
        Tables = new TableServiceClient(_azurite.ConnectionString);
        ServiceBus = new ServiceBusClient(_broker.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (ServiceBus is not null)
        {
            await ServiceBus.DisposeAsync();
        }

        if (_host is not null)
        {
            await _host.StopAsync();
            await _host.DisposeAsync();
        }

        foreach (var standIn in new IAsyncDisposable?[] { _smsGateway, _backupSmsGateway, _smtp })
        {
            if (standIn is not null)
            {
                await standIn.DisposeAsync();
            }
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

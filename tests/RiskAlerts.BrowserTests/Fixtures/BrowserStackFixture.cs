using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using RiskAlerts.Functions.Security;
using RiskAlerts.Host;
using RiskAlerts.Host.Local;
using RiskAlerts.LocalChannels.Email;
using RiskAlerts.LocalChannels.Sms;
using RiskAlerts.LocalServiceBus;
using RiskAlerts.TestLogs;

[assembly: AssemblyFixture(typeof(RiskAlerts.BrowserTests.Fixtures.BrowserStackFixture))]

// One browser and one host on two cores: tests take turns rather than fight for the CPU.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace RiskAlerts.BrowserTests.Fixtures;

/// <summary>
/// The real local stack (Azurite in memory, the local Service Bus broker, the RiskAlerts host over
/// Kestrel on a free port), composed as the integration tests and <c>npm start</c> compose it, and
/// one headless Chromium driven by Playwright. Chromium is Debian's package, not Playwright's
/// download, which these machines cannot fetch: <c>scripts/ensure-chromium.sh</c> installs it.
/// </summary>
public sealed class BrowserStackFixture : IAsyncLifetime
{
    /// <summary>Where Debian's chromium package puts the browser.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly DevelopmentTokenOptions _signingKey = new() { SigningKey = DevelopmentTokens.NewSigningKey() };
    private AzuriteTableServer? _azurite;
    private const string ReceiptSecret = "browser-test-receipt-secret";
    private LocalServiceBusBroker? _broker;
    private LocalSmsGateway? _smsGateway;
    private LocalSmtpServer? _smtp;
    private WebApplication? _host;
    private IPlaywright? _playwright;

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The host's services, for what a test waits on inside it.</summary>
    public IServiceProvider Services => _host!.Services;

    /// <summary>The SMS gateway stand-in the host sends through (its faults are switched by the tests).</summary>
    public LocalSmsGateway SmsGateway => _smsGateway!;

    /// <summary>Screenshots land here, under the test output folder.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots");

    /// <summary>
    /// A bearer token for <paramref name="role"/>, as the token command mints it for the local run, of
    /// Jilin's province centre (the browser tests' warnings are all in Jilin).
    /// </summary>
    public string TokenFor(string role, string? name = null) =>
        DevelopmentTokens.Issue(_signingKey, name ?? $"browser-{role}", [role], null, "uscc", TimeSpan.FromHours(1), organisation: "jilin-province-centre");

    /// <summary>A bearer token for a contact of the enterprise <paramref name="uscc"/>, acting for it.</summary>
    public string EnterpriseTokenFor(string uscc, string name) =>
        DevelopmentTokens.Issue(_signingKey, name, [RiskAlerts.Core.Security.Role.Enterprise], uscc, "uscc", TimeSpan.FromHours(1));

    /// <summary>An API client whose requests carry a bearer token for <paramref name="role"/>.</summary>
    public HttpClient ClientFor(string role)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(role));
        return client;
    }

    /// <summary>An API client acting for the enterprise <paramref name="uscc"/>, as its contact <paramref name="name"/>.</summary>
    public HttpClient EnterpriseClientFor(string uscc, string name)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", EnterpriseTokenFor(uscc, name));
        return client;
    }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run scripts/ensure-chromium.sh (npm test runs it first).");
        }

        Directory.CreateDirectory(ScreenshotDirectory);
        _azurite = await AzuriteTableServer.StartAsync();
        _broker = await LocalServiceBusBroker.StartAsync(BrokerTopology.ProductDefault());
        _smsGateway = await LocalSmsGateway.StartAsync(new LocalSmsGatewayOptions { ReceiptSecret = ReceiptSecret });
        _smtp = await LocalSmtpServer.StartAsync();

        // The host's port is chosen first: the SMS gateway posts its receipts to it.
        var hostAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Test", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tables:connectionString"] = _azurite.ConnectionString,
            ["ServiceBus:connectionString"] = _broker.ConnectionString,
            ["LocalRun:ServeHttpApi"] = "true",
            ["LocalRun:ProvisionTables"] = "true",
            ["LocalRun:StartStandIns"] = "false",
            ["Auth:DevelopmentTokens:SigningKey"] = _signingKey.SigningKey,
            ["Sms:Providers:0:Name"] = "local",
            ["Sms:Providers:0:Kind"] = "Generic",
            ["Sms:Providers:0:Endpoint"] = _smsGateway.BaseAddress.AbsoluteUri,
            ["Sms:Providers:0:KeySecret"] = "browser-test-token",
            ["Sms:Providers:0:CallbackUrl"] = new Uri(hostAddress, "api/receipts/sms/local").AbsoluteUri,
            ["Receipts:Providers:local:Secret"] = ReceiptSecret,
            ["Sms:Providers:0:Resilience:BreakDuration"] = "00:00:01",
            ["Consumers:PausePollInterval"] = "00:00:00.200",

            // An outage exhausts a batch's retries within seconds, so its dead letter reaches the console quickly.
            ["Deliveries:MaxAttempts"] = "2",
            ["Deliveries:RetryBaseDelay"] = "00:00:00.200",
            ["Deliveries:RetryMaxDelay"] = "00:00:01",

            // Both contacts of an enterprise get each warning at once, as the pages' counts expect.
            ["Escalation:Extreme"] = string.Empty,
            ["Escalation:Severe"] = string.Empty,
            // A correction waits until no sender can still be sending the version it replaces (their
            // cached view of it): two seconds keep the console's correction test quick.
            ["Deliveries:WarningCacheDuration"] = "00:00:02",
            ["Email:Host"] = _smtp.Host,
            ["Email:Port"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:FromAddress"] = "alerts@riskalerts.test",
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddTestLogFile("browser-stack");
        builder.WebHost.UseUrls(hostAddress.AbsoluteUri.TrimEnd('/'));
        // The host reads the Service Bus backlog from the broker it is given, as the local run does.
        builder.Services.AddSingleton(_broker);
        await HostComposition.ConfigureServicesAsync(builder);
        _host = builder.Build();
        HostComposition.ConfigurePipeline(_host);
        await _host.StartAsync();
        BaseAddress = new Uri(_host.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_host is not null)
        {
            await _host.StopAsync();
            await _host.DisposeAsync();
        }

        if (_smsGateway is not null)
        {
            await _smsGateway.DisposeAsync();
        }

        if (_smtp is not null)
        {
            await _smtp.DisposeAsync();
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

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
using RiskAlerts.Functions.Security;
using RiskAlerts.Host;
using RiskAlerts.Host.Local;
using RiskAlerts.LocalServiceBus;

[assembly: AssemblyFixture(typeof(RiskAlerts.IntegrationTests.Fixtures.LocalStackFixture))]

namespace RiskAlerts.IntegrationTests.Fixtures;

/// <summary>
/// One real local stack per test run: Azurite (in memory, free port), the local Service Bus
/// broker with the product topology, and the RiskAlerts host serving the Functions routes
/// over Kestrel on a free port. Tests talk to it only through HTTP and the official Azure clients.
/// </summary>
public sealed class LocalStackFixture : IAsyncLifetime
{
    private AzuriteTableServer? _azurite;
    private LocalServiceBusBroker? _broker;
    private WebApplication? _host;
    private readonly DevelopmentTokenOptions _signingKey = new() { SigningKey = DevelopmentTokens.NewSigningKey() };

    /// <summary>A client that sends no credentials.</summary>
    public HttpClient Http { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public TableServiceClient Tables { get; private set; } = null!;

    public ServiceBusClient ServiceBus { get; private set; } = null!;

    public LocalServiceBusBroker Broker => _broker!;

    /// <summary>The running host's services, for tests that drive a use case directly.</summary>
    public IServiceProvider Services => _host!.Services;

    public AzuriteTableServer Azurite => _azurite!;

    /// <summary>A client whose requests carry a bearer token for <paramref name="role"/>.</summary>
    public HttpClient ClientFor(string role, string? uscc = null, string? name = null)
    {
        var token = DevelopmentTokens.Issue(_signingKey, name ?? $"test-{role}", [role], uscc, "uscc", TimeSpan.FromHours(1));
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async ValueTask InitializeAsync()
    {
        _azurite = await AzuriteTableServer.StartAsync();
        _broker = await LocalServiceBusBroker.StartAsync(BrokerTopology.ProductDefault());

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
        });
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("RISKALERTS_TEST_CONSOLE_LOG") == "1")
        {
            // Opt-in host logs for diagnosing a failing test locally.
            builder.Logging.AddSimpleConsole();
        }

        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await HostComposition.ConfigureServicesAsync(builder);
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

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RiskAlerts.Host;
using RiskAlerts.Host.Local;
using RiskAlerts.TestLogs;

namespace RiskAlerts.IntegrationTests.LocalRun;

/// <summary>
/// The host as <c>npm start</c> composes it: the <c>Local</c> environment and its settings file, every
/// stand-in started by the host itself (Azurite with its data in a folder, the broker, the SMS gateway,
/// the SMTP server) and tokens checked against the development key in <c>.local/</c>, the one
/// <c>scripts/token</c> signs with. Only the ports differ (free ones, so a developer's own
/// <c>npm start</c> on 7071 is left alone) and the data folder (a temporary one, emptied afterwards).
/// </summary>
public sealed class LocalRunFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"riskalerts-local-run-{Guid.NewGuid():N}");
    private LocalStandIns? _standIns;
    private WebApplication? _host;

    /// <summary>Where the host serves HTTP, in place of <c>http://localhost:7071/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The running host's services (its endpoints, its configuration).</summary>
    public IServiceProvider Services => _host!.Services;

    /// <summary>The stand-ins the host started (gateway and SMTP server included).</summary>
    public LocalStandIns StandIns => _standIns!;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Local",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls($"http://127.0.0.1:{FreePort.Next()}");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LocalRun:TablesPort"] = "0",
            ["LocalRun:ServiceBusPort"] = "0",
            ["LocalRun:DataDirectory"] = _dataDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddTestLogFile("local-run");

        _standIns = await HostComposition.ConfigureServicesAsync(builder);
        _host = builder.Build();
        HostComposition.ConfigurePipeline(_host);
        await _host.StartAsync();
        BaseAddress = new Uri(_host.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First() + "/");
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            await _host.DisposeAsync();
        }

        if (_standIns is not null)
        {
            await _standIns.DisposeAsync();
        }

        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}

/// <summary>Tests on the <c>npm start</c> host run one class at a time: they share its data.</summary>
[CollectionDefinition(Name)]
public sealed class LocalRunCollection : ICollectionFixture<LocalRunFixture>
{
    public const string Name = "Local run";
}

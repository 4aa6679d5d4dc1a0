using RiskAlerts.LocalServiceBus;

namespace RiskAlerts.Host.Local;

/// <summary>
/// The stand-ins a local run starts before the application's services are built, so their
/// addresses can be handed to the application as ordinary connection strings.
/// </summary>
public sealed class LocalStandIns : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _started = [];

    public string? TablesConnectionString { get; private set; }

    public string? ServiceBusConnectionString { get; private set; }

    public static async Task<LocalStandIns> StartAsync(LocalRunOptions options, IConfiguration configuration, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        var standIns = new LocalStandIns();
        try
        {
            if (string.IsNullOrEmpty(configuration["Tables:connectionString"]))
            {
                var dataDirectory = Path.Combine(RepositoryPaths.FindRoot(), options.DataDirectory);
                var azurite = await AzuriteTableServer.StartAsync(dataDirectory, options.TablesPort, loggerFactory.CreateLogger<AzuriteTableServer>(), cancellationToken);
                standIns._started.Add(azurite);
                standIns.TablesConnectionString = azurite.ConnectionString;
            }

            if (string.IsNullOrEmpty(configuration["ServiceBus:connectionString"]))
            {
                var broker = await LocalServiceBusBroker.StartAsync(BrokerTopology.ProductDefault(), options.ServiceBusPort, loggerFactory, cancellationToken: cancellationToken);
                standIns._started.Add(broker);
                standIns.ServiceBusConnectionString = broker.ConnectionString;
            }

            return standIns;
        }
        catch
        {
            await standIns.DisposeAsync();
            throw;
        }
    }

    /// <summary>Connection settings to lay over the configuration for what was started.</summary>
    public IEnumerable<KeyValuePair<string, string?>> ConnectionSettings()
    {
        if (TablesConnectionString is not null)
        {
            yield return new("Tables:connectionString", TablesConnectionString);
        }

        if (ServiceBusConnectionString is not null)
        {
            yield return new("ServiceBus:connectionString", ServiceBusConnectionString);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Stop in reverse order of start; every stand-in gets its chance to stop.
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].DisposeAsync();
        }

        _started.Clear();
    }
}

using RiskAlerts.LocalChannels.Email;
using RiskAlerts.LocalChannels.Sms;
using RiskAlerts.LocalServiceBus;

namespace RiskAlerts.Host.Local;

/// <summary>
/// The stand-ins a local run starts before the application's services are built, so their
/// addresses can be handed to the application as ordinary connection strings.
/// </summary>
public sealed class LocalStandIns : IAsyncDisposable
{
    /// <summary>The name of the local SMS provider, and of its receipt route <c>/api/receipts/sms/generic</c>.</summary>
    public const string SmsProviderName = "generic";

    private readonly List<IAsyncDisposable> _started = [];

    public string? TablesConnectionString { get; private set; }

    public string? ServiceBusConnectionString { get; private set; }

    /// <summary>The Service Bus broker stand-in, when this run started it.</summary>
    public LocalServiceBusBroker? ServiceBusBroker { get; private set; }

    /// <summary>The SMS gateway stand-in, when this run started it (<c>GET {BaseAddress}v1/messages</c> lists what it took).</summary>
    public LocalSmsGateway? SmsGateway { get; private set; }

    /// <summary>The SMTP server stand-in, when this run started it.</summary>
    public LocalSmtpServer? SmtpServer { get; private set; }

    /// <summary>Where the host serves HTTP, for the gateway's receipt callbacks.</summary>
    public Uri HostAddress { get; private set; } = new("http://localhost:7071/");

    // Receipts are pushed again for about two minutes, as a provider keeps pushing them: a consumer
    // host killed between a send and the write of its outcome has time to come back (scripts/kill-consumers.mjs).
    private LocalSmsGatewayOptions GatewayOptions { get; } = new() { ReceiptAttempts = 120 };

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
                standIns.ServiceBusBroker = broker;
                standIns.ServiceBusConnectionString = broker.ConnectionString;
            }

            // The first address the host listens on (launch profile: http://localhost:7071).
            if (configuration["urls"]?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() is { } url
                && Uri.TryCreate(url.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var hostAddress))
            {
                standIns.HostAddress = hostAddress;
            }

            if (string.IsNullOrEmpty(configuration["Sms:Providers:0:Name"]))
            {
                standIns.GatewayOptions.ReplyCallbackUrl = new Uri(standIns.HostAddress, $"api/replies/sms/{SmsProviderName}");
                standIns.SmsGateway = await LocalSmsGateway.StartAsync(standIns.GatewayOptions, options.SmsGatewayPort, cancellationToken);
                standIns._started.Add(standIns.SmsGateway);
                loggerFactory.CreateLogger<LocalStandIns>().LogInformation("Local SMS gateway at {Address} (GET v1/messages lists what it took; POST v1/replies plays a phone replying)", standIns.SmsGateway.BaseAddress);
            }

            if (string.IsNullOrEmpty(configuration["Email:Host"]))
            {
                standIns.SmtpServer = await LocalSmtpServer.StartAsync(options.SmtpPort, cancellationToken);
                standIns._started.Add(standIns.SmtpServer);
                loggerFactory.CreateLogger<LocalStandIns>().LogInformation("Local SMTP server on {Host}:{Port}", standIns.SmtpServer.Host, standIns.SmtpServer.Port);
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

        if (SmsGateway is not null)
        {
            // The generic provider is the local default; receipts come back to this host.
            yield return new("Sms:Providers:0:Name", SmsProviderName);
            yield return new("Sms:Providers:0:Kind", "Generic");
            yield return new("Sms:Providers:0:Endpoint", SmsGateway.BaseAddress.AbsoluteUri);
            yield return new("Sms:Providers:0:KeySecret", "local-gateway-token");
            yield return new("Sms:Providers:0:CallbackUrl", new Uri(HostAddress, $"api/receipts/sms/{SmsProviderName}").AbsoluteUri);
            yield return new($"Receipts:Providers:{SmsProviderName}:Secret", GatewayOptions.ReceiptSecret);
        }

        if (SmtpServer is not null)
        {
            yield return new("Email:Host", SmtpServer.Host);
            yield return new("Email:Port", SmtpServer.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            yield return new("Email:FromAddress", "alerts@riskalerts.local");
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

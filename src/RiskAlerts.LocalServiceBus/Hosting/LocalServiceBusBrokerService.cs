using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RiskAlerts.LocalServiceBus;

/// <summary>
/// Runs a <see cref="LocalServiceBusBroker"/> for the lifetime of a generic host. Register it before the
/// services that connect to it: hosted services start in registration order.
/// </summary>
public sealed class LocalServiceBusBrokerService(
    BrokerTopology topology,
    int port,
    ILoggerFactory loggerFactory,
    TimeProvider timeProvider) : IHostedService, IAsyncDisposable
{
    private LocalServiceBusBroker? _broker;

    /// <summary>The running broker; <see langword="null"/> before the host starts.</summary>
    public LocalServiceBusBroker? Broker => _broker;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken) =>
        _broker = await LocalServiceBusBroker.StartAsync(topology, port, loggerFactory, timeProvider, cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => DisposeAsync().AsTask();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _broker, null) is { } broker)
        {
            await broker.DisposeAsync();
        }
    }
}

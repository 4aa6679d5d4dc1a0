using System.Net;
using System.Net.Sockets;
using Amqp;
using Amqp.Listener;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RiskAlerts.LocalServiceBus.Amqp;
using RiskAlerts.LocalServiceBus.Entities;

namespace RiskAlerts.LocalServiceBus;

/// <summary>
/// A development stand-in for Azure Service Bus: an in-memory AMQP 1.0 broker on 127.0.0.1 that the
/// real Azure.Messaging.ServiceBus client reaches through <see cref="ConnectionString"/>. Not for production.
/// </summary>
public sealed class LocalServiceBusBroker : IAsyncDisposable
{
    /// <summary>How often locks, time-to-live and scheduled messages are checked.</summary>
    internal static readonly TimeSpan HousekeepingInterval = TimeSpan.FromMilliseconds(25);

    private const int FreePortAttempts = 5;

    private readonly ContainerHost _host;
    private readonly EntityRegistry _registry;
    private readonly ITimer _housekeepingTimer;
    private readonly ILogger _logger;
    private int _housekeepingRunning;
    private int _disposed;

    private LocalServiceBusBroker(ContainerHost host, int port, EntityRegistry registry, TimeProvider timeProvider, ILogger logger)
    {
        _host = host;
        Port = port;
        _registry = registry;
        _logger = logger;
        Counters = registry.Counters;
        _housekeepingTimer = timeProvider.CreateTimer(_ => Housekeep(), null, HousekeepingInterval, HousekeepingInterval);
    }

    /// <summary>The TCP port the broker listens on (on 127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>
    /// A Service Bus connection string for this broker. <c>UseDevelopmentEmulator=true</c> makes the client
    /// speak plain AMQP to the port (no TLS); the key is not checked.
    /// </summary>
    public string ConnectionString => ConnectionStringFor(Port);

    /// <summary>Operations counted since the broker started: sends, deliveries, dispositions and management requests.</summary>
    public BrokerCounters Counters { get; }

    /// <summary>The connection string of a broker listening on <paramref name="port"/> of 127.0.0.1.</summary>
    /// <param name="port">The broker's port.</param>
    public static string ConnectionStringFor(int port) =>
        $"Endpoint=sb://127.0.0.1:{port};SharedAccessKeyName=local;SharedAccessKey=local;UseDevelopmentEmulator=true";

    /// <summary>Starts a broker serving <paramref name="topology"/>.</summary>
    /// <param name="topology">The queues, topics and subscriptions to serve.</param>
    /// <param name="port">The port on 127.0.0.1; 0 picks a free one.</param>
    /// <param name="loggerFactory">Where the broker logs; nothing is logged when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for locks, time-to-live and scheduling; the system clock when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static Task<LocalServiceBusBroker> StartAsync(
        BrokerTopology topology,
        int port = 0,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);

        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<LocalServiceBusBroker>();
        var clock = timeProvider ?? TimeProvider.System;
        var registry = new EntityRegistry(topology, clock, logger);

        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chosenPort = port == 0 ? FindFreePort() : port;
            var host = CreateHost(chosenPort, registry, logger);
            try
            {
                host.Open();
            }
            catch (SocketException exception) when (port == 0 && attempt < FreePortAttempts)
            {
                // Another process took the port between probing and binding; probe again.
                logger.LogDebug(exception, "Port {Port} was taken before the broker could bind it; trying another", chosenPort);
                host.Close();
                continue;
            }

            logger.LogInformation(
                "Local Service Bus broker listening on 127.0.0.1:{Port} with {QueueCount} queues and {TopicCount} topics",
                chosenPort,
                topology.Queues.Count,
                topology.Topics.Count);
            return Task.FromResult(new LocalServiceBusBroker(host, chosenPort, registry, clock, logger));
        }
    }

    /// <summary>
    /// Message counts of an entity: <c>warnings</c>, <c>deliveries</c> (scheduled only),
    /// <c>deliveries/subscriptions/sms</c> or a <c>/$deadletterqueue</c> path.
    /// </summary>
    /// <exception cref="ArgumentException">No such entity.</exception>
    public EntityCounts GetCounts(string entityPath) =>
        _registry.GetCounts(entityPath) ?? throw new ArgumentException($"No entity '{entityPath}' in this broker's topology.", nameof(entityPath));

    /// <summary>Stops listening and closes every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _housekeepingTimer.DisposeAsync();
        _host.Close();
        _logger.LogInformation("Local Service Bus broker on port {Port} stopped", Port);
    }

    private static ContainerHost CreateHost(int port, EntityRegistry registry, ILogger logger)
    {
        var host = new ContainerHost(new Address(IPAddress.Loopback.ToString(), port, user: null, password: null, path: "/", scheme: "amqp"));
        var listener = host.Listeners[0];
        listener.SASL.EnableMechanism(ServiceBusCbsSaslProfile.MechanismName, new ServiceBusCbsSaslProfile());
        listener.HandlerFactory = _ => DeliveryTagHandler.Instance;
        host.RegisterLinkProcessor(new BrokerLinkProcessor(registry, registry.Counters, logger));
        return host;
    }

    private static int FindFreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private void Housekeep()
    {
        // Timer callbacks can overlap when a pass runs long; one pass at a time is enough.
        if (Interlocked.Exchange(ref _housekeepingRunning, 1) == 1)
        {
            return;
        }

        try
        {
            foreach (var target in _registry.SendTargets)
            {
                target.ProcessDue();
            }

            foreach (var store in _registry.Stores)
            {
                store.ProcessDue();
            }
        }
        catch (Exception exception)
        {
            // A timer callback that throws would tear the process down; log it and let the next tick retry.
            _logger.LogError(exception, "Local Service Bus housekeeping failed");
        }
        finally
        {
            Volatile.Write(ref _housekeepingRunning, 0);
        }
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace RiskAlerts.IntegrationTests.Faults;

/// <summary>
/// A TCP relay on 127.0.0.1 in front of a stand-in (Azurite, the broker) that can cut the network:
/// <see cref="DropConnections"/> resets every open connection (RST, as a dropped route or a failed-over
/// gateway looks to the client), and <see cref="OutageAsync"/> also resets every new connection for a
/// while, so the service is unreachable. The stand-in itself keeps running.
/// </summary>
internal sealed class TcpFaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly ConcurrentDictionary<long, (TcpClient Client, TcpClient Upstream)> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private long _nextId;
    private volatile bool _refusing;
    private int _dropped;

    private TcpFaultProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    /// <summary>Connections reset so far.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    public static TcpFaultProxy Start(int targetPort) => new(targetPort);

    /// <summary>Resets every open connection; new ones are relayed again at once.</summary>
    public void DropConnections()
    {
        foreach (var (id, pair) in _connections)
        {
            if (_connections.TryRemove(id, out _))
            {
                Reset(pair.Client);
                Reset(pair.Upstream);
                Interlocked.Increment(ref _dropped);
            }
        }
    }

    /// <summary>Resets every connection, open or new, for <paramref name="duration"/>.</summary>
    public async Task OutageAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        _refusing = true;
        try
        {
            DropConnections();
            await Task.Delay(duration, cancellationToken);
        }
        finally
        {
            _refusing = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        DropConnections();
        _stopping.Dispose();
    }

    private static void Reset(TcpClient client)
    {
        try
        {
            if (client.Client is { } socket)
            {
                socket.LingerState = new LingerOption(true, 0);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }

        client.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (_refusing)
            {
                Reset(client);
                Interlocked.Increment(ref _dropped);
                continue;
            }

            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        var upstream = new TcpClient { NoDelay = true };
        client.NoDelay = true;
        var id = Interlocked.Increment(ref _nextId);
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, _stopping.Token);
            _connections[id] = (client, upstream);
            if (_refusing)
            {
                DropConnections();
                return;
            }

            using var done = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
            var up = PumpAsync(client.GetStream(), upstream.GetStream(), done.Token);
            var down = PumpAsync(upstream.GetStream(), client.GetStream(), done.Token);
            await Task.WhenAny(up, down);
            await done.CancelAsync();
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The relay ends with either side.
        }
        finally
        {
            _connections.TryRemove(id, out _);
            client.Dispose();
            upstream.Dispose();
        }
    }

    private static async Task PumpAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        try
        {
            await from.CopyToAsync(to, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // One side went away.
        }
    }
}

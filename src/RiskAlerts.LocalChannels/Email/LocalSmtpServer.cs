using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.IO;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace RiskAlerts.LocalChannels.Email;

/// <summary>
/// An SMTP server in process on 127.0.0.1 that keeps every message it receives, so that tests and
/// the local console can show what was sent. It delivers nothing anywhere. Recipients can be made
/// to be refused with 550, to exercise permanent failures.
/// </summary>
/// <remarks>
/// It offers <c>PIPELINING</c> and takes a message at the cost of copying its bytes: a message is
/// parsed only when one of its parsed properties is first read, so that a broadcast measures the
/// sender and not this stand-in. Its sockets have Nagle's algorithm off (replies are small writes
/// a client waits for).
/// </remarks>
public sealed class LocalSmtpServer : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<ReceivedEmail> _messages = [];
    private readonly HashSet<string> _rejected = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<TcpClient, byte> _open = new();
    private SmtpServer.SmtpServer _server = null!;
    private Task _running = Task.CompletedTask;
    private int _connections;
    private int _peakOpen;

    private LocalSmtpServer()
    {
    }

    /// <summary>The port the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>The host name to connect to.</summary>
    public string Host { get; } = "127.0.0.1";

    /// <summary>Every message received so far, in order of arrival.</summary>
    public IReadOnlyList<ReceivedEmail> Messages
    {
        get { lock (_gate) { return [.. _messages]; } }
    }

    /// <summary>How many messages were received so far (without copying the list).</summary>
    public int MessageCount
    {
        get { lock (_gate) { return _messages.Count; } }
    }

    /// <summary>SMTP sessions (TCP connections) opened so far.</summary>
    public int ConnectionCount => Volatile.Read(ref _connections);

    /// <summary>Connections open now.</summary>
    public int OpenConnectionCount => _open.Count;

    /// <summary>The most connections that were open at the same time (since the start or <see cref="Clear"/>).</summary>
    public int PeakOpenConnectionCount => Volatile.Read(ref _peakOpen);

    /// <summary>Starts a server on 127.0.0.1.</summary>
    /// <param name="port">The port; 0 picks a free one.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<LocalSmtpServer> StartAsync(int port = 0, CancellationToken cancellationToken = default)
    {
        var local = new LocalSmtpServer();
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        var listeners = new NoDelayEndpointListenerFactory(local);
        listeners.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);

        var services = new ServiceProvider();
        services.Add(listeners);
        services.Add(new Store(local));
        services.Add(new Filter(local));

        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        local._server = new SmtpServer.SmtpServer(options, services);
        local._server.SessionCreated += (_, _) => Interlocked.Increment(ref local._connections);
        local._running = local._server.StartAsync(local._stopping.Token);

        var first = await Task.WhenAny(started.Task, local._running).WaitAsync(cancellationToken);
        if (first == local._running)
        {
            await local._running;
            throw new InvalidOperationException("The local SMTP server stopped before it listened.");
        }

        local.Port = await started.Task;
        return local;
    }

    /// <summary>Refuses mail to the address with 550 from now on.</summary>
    public void RejectRecipient(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        lock (_gate) { _rejected.Add(address); }
    }

    /// <summary>Forgets received messages, refused recipients and the connection counts.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _messages.Clear();
            _rejected.Clear();
        }

        Interlocked.Exchange(ref _connections, 0);
        Interlocked.Exchange(ref _peakOpen, _open.Count);
    }

    /// <summary>
    /// Closes every open connection without a word, as a server does with connections it finds
    /// idle too long or when it restarts: a client finds out on its next command.
    /// </summary>
    public void DropConnections()
    {
        foreach (var client in _open.Keys)
        {
            try
            {
                client.Client.Shutdown(SocketShutdown.Both);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Closed meanwhile.
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _server.Shutdown();
        await _stopping.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // Stopping is what was asked for.
        }

        _stopping.Dispose();
    }

    private void Opened(TcpClient client)
    {
        _open.TryAdd(client, 0);
        var open = _open.Count;
        for (var peak = Volatile.Read(ref _peakOpen); open > peak; peak = Volatile.Read(ref _peakOpen))
        {
            if (Interlocked.CompareExchange(ref _peakOpen, open, peak) == peak)
            {
                break;
            }
        }
    }

    private void Closed(TcpClient client) => _open.TryRemove(client, out _);

    private bool IsRejected(string address)
    {
        lock (_gate) { return _rejected.Contains(address); }
    }

    private void Keep(ReceivedEmail email)
    {
        lock (_gate) { _messages.Add(email); }
    }

    private sealed class Filter(LocalSmtpServer owner) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!owner.IsRejected(to.AsAddress()));
    }

    private sealed class Store(LocalSmtpServer owner) : IMessageStore
    {
        public Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            // The buffer is the session's own and is reused once this returns: keep a copy.
            owner.Keep(new ReceivedEmail(
                buffer.ToArray(),
                transaction.From.AsAddress(),
                [.. transaction.To.Select(t => t.AsAddress())],
                DateTimeOffset.UtcNow));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    /// <summary>The SmtpServer package's TCP listener with <see cref="Socket.NoDelay"/> set on every accepted connection.</summary>
    private sealed class NoDelayEndpointListenerFactory(LocalSmtpServer owner) : EndpointListenerFactory
    {
        public override IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
        {
            var listener = new TcpListener(endpointDefinition.Endpoint);
            listener.Start();
            var started = new EndpointEventArgs(endpointDefinition, listener.LocalEndpoint);
            OnEndpointStarted(started);
            return new Listener(owner, listener, () => OnEndpointStopped(started));
        }

        private sealed class Listener(LocalSmtpServer owner, TcpListener listener, Action stopped) : IEndpointListener
        {
            public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
            {
                var client = await listener.AcceptTcpClientAsync(cancellationToken);
                client.NoDelay = true;
                owner.Opened(client);
                context.Properties.Add(EndpointListener.LocalEndPointKey, listener.LocalEndpoint);
                context.Properties.Add(EndpointListener.RemoteEndPointKey, client.Client.RemoteEndPoint!);
                return new Pipe(client, () => owner.Closed(client));
            }

            public void Dispose()
            {
                listener.Stop();
                stopped();
            }
        }

        /// <summary>The connection as the session reads and writes it; plain text only (no certificate, so no STARTTLS is offered).</summary>
        private sealed class Pipe : ISecurableDuplexPipe
        {
            private readonly TcpClient _client;
            private readonly Action _closed;

            public Pipe(TcpClient client, Action closed)
            {
                _client = client;
                _closed = closed;
                var stream = client.GetStream();
                Input = PipeReader.Create(stream);
                Output = PipeWriter.Create(stream);
            }

            public PipeReader Input { get; }

            public PipeWriter Output { get; }

            public bool IsSecure => false;

            public SslProtocols SslProtocol => SslProtocols.None;

            public Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken = default) =>
                throw new NotSupportedException("The local SMTP server has no certificate and offers no STARTTLS.");

            public void Dispose()
            {
                _client.Dispose();
                _closed();
            }
        }
    }
}

/// <summary>A message the local SMTP server received, parsed when one of its parsed properties is first read.</summary>
public sealed class ReceivedEmail
{
    private readonly Lazy<Parsed> _parsed;

    /// <summary>A message already taken apart.</summary>
    /// <param name="messageId">The <c>Message-Id</c>, without brackets.</param>
    /// <param name="from">The sender address.</param>
    /// <param name="fromName">The sender's display name.</param>
    /// <param name="to">The envelope recipients (RCPT TO) that were accepted.</param>
    /// <param name="subject">The decoded subject.</param>
    /// <param name="textBody">The plain-text body, if any.</param>
    /// <param name="htmlBody">The HTML body, if any.</param>
    /// <param name="headers">Header fields (first occurrence of each, decoded).</param>
    /// <param name="receivedAt">When it arrived.</param>
    public ReceivedEmail(
        string? messageId,
        string from,
        string? fromName,
        IReadOnlyList<string> to,
        string subject,
        string? textBody,
        string? htmlBody,
        IReadOnlyDictionary<string, string> headers,
        DateTimeOffset receivedAt)
    {
        _parsed = new Lazy<Parsed>(new Parsed(messageId, from, fromName, subject, textBody, htmlBody, headers));
        To = to;
        ReceivedAt = receivedAt;
        Data = ReadOnlyMemory<byte>.Empty;
    }

    internal ReceivedEmail(byte[] data, string envelopeFrom, IReadOnlyList<string> to, DateTimeOffset receivedAt)
    {
        _parsed = new Lazy<Parsed>(() => Parse(data, envelopeFrom), LazyThreadSafetyMode.ExecutionAndPublication);
        To = to;
        ReceivedAt = receivedAt;
        Data = data;
    }

    /// <summary>The <c>Message-Id</c>, without brackets.</summary>
    public string? MessageId => _parsed.Value.MessageId;

    /// <summary>The sender address (from the <c>From</c> header, else the envelope's <c>MAIL FROM</c>).</summary>
    public string From => _parsed.Value.From;

    /// <summary>The sender's display name.</summary>
    public string? FromName => _parsed.Value.FromName;

    /// <summary>The envelope recipients (RCPT TO) that were accepted.</summary>
    public IReadOnlyList<string> To { get; }

    /// <summary>The decoded subject.</summary>
    public string Subject => _parsed.Value.Subject;

    /// <summary>The plain-text body, if any.</summary>
    public string? TextBody => _parsed.Value.TextBody;

    /// <summary>The HTML body, if any.</summary>
    public string? HtmlBody => _parsed.Value.HtmlBody;

    /// <summary>Header fields (first occurrence of each, decoded).</summary>
    public IReadOnlyDictionary<string, string> Headers => _parsed.Value.Headers;

    /// <summary>When it arrived.</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>The message as it was transferred (after <c>DATA</c>); empty for a message built from its parts.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    private static Parsed Parse(byte[] data, string envelopeFrom)
    {
        using var stream = new MemoryStream(data, writable: false);
        using var message = MimeMessage.Load(stream);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in message.Headers)
        {
            headers.TryAdd(header.Field, header.Value);
        }

        var sender = message.From.Mailboxes.FirstOrDefault();
        return new Parsed(message.MessageId, sender?.Address ?? envelopeFrom, sender?.Name, message.Subject ?? string.Empty, message.TextBody, message.HtmlBody, headers);
    }

    private sealed record Parsed(
        string? MessageId,
        string From,
        string? FromName,
        string Subject,
        string? TextBody,
        string? HtmlBody,
        IReadOnlyDictionary<string, string> Headers);
}

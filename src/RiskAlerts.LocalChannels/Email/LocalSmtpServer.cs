using System.Buffers;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace RiskAlerts.LocalChannels.Email;

/// <summary>
/// An SMTP server in process on 127.0.0.1 that keeps every message it receives, parsed, so that
/// tests and the local console can show what was sent. It delivers nothing anywhere. Recipients
/// can be made to be refused with 550, to exercise permanent failures.
/// </summary>
public sealed class LocalSmtpServer : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<ReceivedEmail> _messages = [];
    private readonly HashSet<string> _rejected = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stopping = new();
    private SmtpServer.SmtpServer _server = null!;
    private Task _running = Task.CompletedTask;
    private int _connections;

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

    /// <summary>SMTP sessions (TCP connections) opened so far.</summary>
    public int ConnectionCount => Volatile.Read(ref _connections);

    /// <summary>Starts a server on 127.0.0.1.</summary>
    /// <param name="port">The port; 0 picks a free one.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<LocalSmtpServer> StartAsync(int port = 0, CancellationToken cancellationToken = default)
    {
        var local = new LocalSmtpServer();
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        var listeners = new EndpointListenerFactory();
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

    /// <summary>Forgets received messages, refused recipients and the connection count.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _messages.Clear();
            _rejected.Clear();
        }

        Interlocked.Exchange(ref _connections, 0);
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
        public async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            using var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in message.Headers)
            {
                headers.TryAdd(header.Field, header.Value);
            }

            owner.Keep(new ReceivedEmail(
                message.MessageId,
                message.From.Mailboxes.FirstOrDefault()?.Address ?? transaction.From.AsAddress(),
                message.From.Mailboxes.FirstOrDefault()?.Name,
                transaction.To.Select(t => t.AsAddress()).ToList(),
                message.Subject ?? string.Empty,
                message.TextBody,
                message.HtmlBody,
                headers,
                DateTimeOffset.UtcNow));
            return SmtpResponse.Ok;
        }
    }
}

/// <summary>A message the local SMTP server received.</summary>
/// <param name="MessageId">The <c>Message-Id</c>, without brackets.</param>
/// <param name="From">The sender address.</param>
/// <param name="FromName">The sender's display name.</param>
/// <param name="To">The envelope recipients (RCPT TO) that were accepted.</param>
/// <param name="Subject">The decoded subject.</param>
/// <param name="TextBody">The plain-text body, if any.</param>
/// <param name="HtmlBody">The HTML body, if any.</param>
/// <param name="Headers">Header fields (first occurrence of each, decoded).</param>
/// <param name="ReceivedAt">When it arrived.</param>
public sealed record ReceivedEmail(
    string? MessageId,
    string From,
    string? FromName,
    IReadOnlyList<string> To,
    string Subject,
    string? TextBody,
    string? HtmlBody,
    IReadOnlyDictionary<string, string> Headers,
    DateTimeOffset ReceivedAt);

using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;
using RiskAlerts.Core.Deliveries.Email;
using RiskAlerts.Core.Enterprises;

namespace RiskAlerts.Channels.Email;

/// <summary>
/// Sends warning emails over SMTP with MailKit, one message per contact, over a pool of up to
/// <see cref="EmailOptions.Connections"/> connections that are kept open between messages
/// (connecting and authenticating per message would dominate a broadcast) and reopened when the
/// server has dropped them. Concurrent <see cref="SendAsync"/> calls use the connections in parallel;
/// more calls than connections wait for one to come free. Other messages (a contact's verification
/// code) go over the same connections through <see cref="SendMessageAsync"/>, so a broadcast under way
/// and a code someone waits for share the server's connection limit rather than exceed it.
/// </summary>
/// <remarks>
/// <para>
/// Messages carry a <c>Message-Id</c> derived from the delivery id, so a resend of the same delivery
/// carries the same id, and, when they carry links (<see cref="EmailOptions.HasLinks"/>),
/// <c>List-Unsubscribe</c> with <c>List-Unsubscribe-Post: List-Unsubscribe=One-Click</c> (RFC 8058).
/// </para>
/// <para>
/// Sockets are opened with Nagle's algorithm off: an SMTP transaction is a few small writes each
/// waiting for a reply, and holding the last segment of a message back until the server acknowledges
/// the one before it costs up to a delayed-acknowledgement timeout (about 40 ms) per message.
/// MailKit pipelines <c>MAIL FROM</c> and <c>RCPT TO</c> by itself when the server offers <c>PIPELINING</c>.
/// </para>
/// </remarks>
public sealed class MailKitEmailSender : IEmailSender, IAsyncDisposable, IDisposable
{
    private readonly EmailOptions _options;
    private readonly EmailContentRenderer _renderer;
    private readonly ILogger<MailKitEmailSender> _logger;
    private readonly MailboxAddress _from;
    private readonly string _messageIdDomain;

    // A permit per connection: whoever holds one takes an idle connection or, when there is none,
    // opens one, so no more than Connections are ever open. (Not disposed: no wait handle is used,
    // and a send still finishing when the container disposes the sender must be able to release.)
    private readonly SemaphoreSlim _permits;
    private readonly ConcurrentQueue<SmtpClient> _idle = new();
    private readonly BoundedCache<EmailWarning, WarningHeaders> _warningHeaders = new(EmailContentRenderer.CachedWarnings);
    private int _opened;
    private int _disposed;

    /// <summary>Creates the sender.</summary>
    public MailKitEmailSender(IOptions<EmailOptions> options, EmailContentRenderer renderer, ILogger<MailKitEmailSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _renderer = renderer;
        _logger = logger;
        _from = new MailboxAddress(_options.FromDisplayName, _options.FromAddress);
        var at = _options.FromAddress.LastIndexOf('@');
        _messageIdDomain = at >= 0 ? _options.FromAddress[(at + 1)..] : "riskalerts.local";
        _permits = new SemaphoreSlim(_options.Connections, _options.Connections);
    }

    /// <summary>SMTP connections this sender has opened so far, reopened ones included.</summary>
    public int ConnectionsOpened => Volatile.Read(ref _opened);

    /// <summary>
    /// Opens one connection and keeps it idle in the pool, so the first email of the first broadcast
    /// does not wait for the connect, the greeting, TLS and sign-in. Nothing is opened when a
    /// connection is already idle. A connection the server closes meanwhile is opened again by the
    /// send that takes it.
    /// </summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        await _permits.WaitAsync(cancellationToken);
        try
        {
            if (_idle.IsEmpty)
            {
                Return(await OpenAsync(cancellationToken));
            }
        }
        finally
        {
            _permits.Release();
        }
    }

    /// <summary>
    /// Keeps the idle connections usable between broadcasts: each is asked for a <c>NOOP</c>, which
    /// also keeps the server from closing it as silent; one that does not answer is closed. When no
    /// idle connection is left, one is opened, as <see cref="WarmUpAsync"/> does. Connections busy
    /// with a send are left alone.
    /// </summary>
    /// <returns>How many idle connections answered.</returns>
    public async Task<int> KeepAliveAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        var answered = 0;
        for (var idle = _idle.Count; idle > 0; idle--)
        {
            // Without a free permit every connection is in use: none is idle.
            if (!await _permits.WaitAsync(0, cancellationToken))
            {
                break;
            }

            try
            {
                if (!_idle.TryDequeue(out var client))
                {
                    break;
                }

                if (await AnswersNoOpAsync(client, cancellationToken))
                {
                    Return(client);
                    answered++;
                }
            }
            finally
            {
                _permits.Release();
            }
        }

        if (answered == 0)
        {
            await WarmUpAsync(cancellationToken);
        }

        return answered;
    }

    /// <summary>The <c>Message-Id</c> (without brackets) a delivery's email carries.</summary>
    public string MessageIdFor(string deliveryId)
    {
        ArgumentException.ThrowIfNullOrEmpty(deliveryId);

        // Characters outside dot-atom text are written as =XX so that distinct ids stay distinct.
        var local = new StringBuilder("riskalerts.", 11 + deliveryId.Length + 1 + _messageIdDomain.Length);
        foreach (var b in Encoding.UTF8.GetBytes(deliveryId))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            {
                local.Append(c);
            }
            else
            {
                local.Append('=').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return local.Append('@').Append(_messageIdDomain).ToString();
    }

    /// <summary>Builds the MIME message for a delivery.</summary>
    public MimeMessage BuildMessage(EmailDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return Build(delivery, out _);
    }

    /// <summary>
    /// The message as setting its fields one by one on a new <see cref="MimeMessage"/> makes it
    /// (the same headers, in the same order, encoded the same), at a fraction of the cost: the
    /// headers that are the same for every email of a warning are encoded once and copied.
    /// </summary>
    private MimeMessage Build(EmailDelivery delivery, out MailboxAddress recipient)
    {
        var content = _renderer.Render(delivery);
        var shared = _warningHeaders.GetOrAdd(delivery.Warning, content.Subject, PrepareHeaders);
        var message = new MimeMessage(new HeaderList
        {
            shared.From.Clone(),
            new Header(HeaderId.Date, DateUtils.FormatDate(DateTimeOffset.Now)),
            shared.Subject.Clone(),
            new Header(HeaderId.MessageId, "<" + MessageIdFor(delivery.DeliveryId) + ">"),
        });
        recipient = new MailboxAddress(delivery.ToName ?? string.Empty, delivery.ToAddress);
        message.To.Add(recipient);
        if (content.UnsubscribeUrl is { } unsubscribe)
        {
            message.Headers.Add("List-Unsubscribe", $"<{unsubscribe.AbsoluteUri}>");
            message.Headers.Add(shared.UnsubscribePost.Clone());
        }

        message.Headers.Add(shared.Warning.Clone());
        message.Body = new BodyBuilder { TextBody = content.TextBody, HtmlBody = content.HtmlBody }.ToMessageBody();
        return message;
    }

    private WarningHeaders PrepareHeaders(EmailWarning warning, string subject)
    {
        using var prototype = new MimeMessage { Subject = subject };
        prototype.From.Add(_from);
        prototype.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        prototype.Headers.Add("X-RiskAlerts-Warning", warning.WarningId);
        var headers = prototype.Headers;
        return new WarningHeaders(
            headers[headers.IndexOf(HeaderId.From)].Clone(),
            headers[headers.IndexOf(HeaderId.Subject)].Clone(),
            headers[headers.IndexOf("List-Unsubscribe-Post")].Clone(),
            headers[headers.IndexOf("X-RiskAlerts-Warning")].Clone());
    }

    /// <inheritdoc />
    public Task<EmailSendResult> SendAsync(EmailDelivery delivery, CancellationToken cancellationToken = default) =>
        delivery is null
            ? Task.FromException<EmailSendResult>(new ArgumentNullException(nameof(delivery)))
            : SendPooledAsync(new WarningMessage(this, delivery), cancellationToken);

    /// <summary>
    /// Sends a message other than a warning's over the same pooled connections, with the same
    /// reading of the server's answers; the caller logs, as only it knows what the message is.
    /// </summary>
    /// <param name="message">The message, its headers and body complete; disposed once sent.</param>
    /// <param name="recipient">Its one recipient.</param>
    /// <param name="messageId">Its <c>Message-Id</c>, returned when it is accepted.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    internal Task<EmailSendResult> SendMessageAsync(MimeMessage message, MailboxAddress recipient, string messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        return SendPooledAsync(new PreparedMessage(message, recipient, messageId), cancellationToken);
    }

    /// <summary>
    /// Sends one message over a pooled connection, reconnecting once when a kept connection was lost.
    /// Generic over the kind of message (a struct) so that a warning's send is still one async
    /// method, allocating nothing more than before there were other kinds.
    /// </summary>
    private async Task<EmailSendResult> SendPooledAsync<TMessage>(TMessage kind, CancellationToken cancellationToken)
        where TMessage : struct, IPooledMessage
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        var messageId = kind.MessageId;
        using var message = kind.Build(out var recipient);

        await _permits.WaitAsync(cancellationToken);
        SmtpClient? client = null;
        var reusable = false;
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
            _idle.TryDequeue(out client);

            // A kept connection may have been closed by the server while idle: one reconnect.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    if (client is not { IsConnected: true })
                    {
                        client?.Dispose();
                        client = null;
                        client = await OpenAsync(cancellationToken);
                    }

                    // Sender and recipient given, so that MailKit need not read them back from the headers.
                    await client.SendAsync(FormatOptions.Default, message, _from, [recipient], cancellationToken);
                    reusable = true;
                    kind.Accepted(_logger);
                    return new EmailSendResult.Accepted(messageId);
                }
                catch (SmtpCommandException ex)
                {
                    // MailKit has reset the transaction; the connection carries on (or, if the
                    // server closed it, is reopened by the next send that takes it).
                    reusable = true;
                    kind.Refused(_logger, ex);
                    return MapCommandFailure(ex);
                }
                catch (Exception ex) when (IsConnectionFailure(ex) && !cancellationToken.IsCancellationRequested)
                {
                    client?.Dispose();
                    client = null;
                    if (attempt >= 2)
                    {
                        kind.Failed(_logger, ex);
                        return new EmailSendResult.TransientFailure($"SMTP connection failed: {ex.GetType().Name}: {ex.Message}");
                    }
                }
            }
        }
        finally
        {
            // A connection left in the middle of a transaction (cancelled, or an unexpected
            // failure) is not handed to the next send.
            if (client is not null)
            {
                if (reusable)
                {
                    Return(client);
                }
                else
                {
                    client.Dispose();
                }
            }

            _permits.Release();
        }
    }

    /// <summary>Ends every session with <c>QUIT</c>, after the sends under way have finished, and closes the connections.</summary>
    public async ValueTask DisposeAsync()
    {
        // The container disposes the sender once as itself and once as IEmailSender (the same
        // instance); only the first disposal does anything.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Holding every permit means no send is using a connection: all of them are idle.
        for (var i = 0; i < _options.Connections; i++)
        {
            await _permits.WaitAsync();
        }

        try
        {
            var closing = new List<Task>();
            while (_idle.TryDequeue(out var client))
            {
                closing.Add(QuitAsync(client));
            }

            await Task.WhenAll(closing);
        }
        finally
        {
            // Sends that were waiting for a permit get one and find the sender disposed.
            _permits.Release(_options.Connections);
        }
    }

    /// <summary>Closes the idle connections at once, and the others as their sends finish.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        CloseIdle();
    }

    private void Return(SmtpClient client)
    {
        _idle.Enqueue(client);

        // Disposal may have emptied the queue between the check a send makes and this enqueue.
        if (Volatile.Read(ref _disposed) == 1)
        {
            CloseIdle();
        }
    }

    private void CloseIdle()
    {
        while (_idle.TryDequeue(out var client))
        {
            client.Dispose();
        }
    }

    private async Task<SmtpClient> OpenAsync(CancellationToken cancellationToken)
    {
        var client = new SmtpClient { Timeout = (int)_options.Timeout.TotalMilliseconds };
        var security = _options.UseSsl ? SecureSocketOptions.SslOnConnect
            : _options.StartTls ? SecureSocketOptions.StartTls
            : SecureSocketOptions.None;
        try
        {
            var socket = await ConnectSocketAsync(cancellationToken);
            await client.ConnectAsync(socket, _options.Host, _options.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(_options.UserName))
            {
                await client.AuthenticateAsync(_options.UserName, _options.Password ?? string.Empty, cancellationToken);
            }
        }
        catch
        {
            client.Dispose();
            throw;
        }

        var opened = Interlocked.Increment(ref _opened);
        _logger.LogDebug("Connected to SMTP server {Host}:{Port} (connection {Opened}, pool of {Connections})", _options.Host, _options.Port, opened, _options.Connections);
        return client;
    }

    /// <summary>A TCP connection to the server with Nagle's algorithm off, for MailKit to take over (and close).</summary>
    private async Task<Socket> ConnectSocketAsync(CancellationToken cancellationToken)
    {
        // Dual mode where IPv6 is available, so that a host name resolving to either family connects.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            await socket.ConnectAsync(_options.Host, _options.Port, timeout.Token);
            return socket;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"Connecting to the SMTP server took longer than {_options.Timeout}.");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task QuitAsync(SmtpClient client)
    {
        try
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(quit: true);
            }
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            // Closing anyway.
        }
        finally
        {
            client.Dispose();
        }
    }

    private static EmailSendResult MapCommandFailure(SmtpCommandException ex)
    {
        var code = (int)ex.StatusCode;
        return code is >= 500 and < 600
            ? new EmailSendResult.PermanentFailure(code.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message)
            : new EmailSendResult.TransientFailure($"SMTP {code}: {ex.Message}");
    }

    /// <summary>Whether the connection answered a <c>NOOP</c>; one that did not is disposed.</summary>
    private async Task<bool> AnswersNoOpAsync(SmtpClient client, CancellationToken cancellationToken)
    {
        try
        {
            if (client.IsConnected)
            {
                await client.NoOpAsync(cancellationToken);
                return true;
            }
        }
        catch (Exception ex) when (ex is SmtpCommandException || (IsConnectionFailure(ex) && !cancellationToken.IsCancellationRequested))
        {
            _logger.LogDebug("An idle SMTP connection did not answer NOOP ({Error}); it is closed", ex.GetType().Name);
        }
        catch
        {
            // Cancelled in the middle of the command: the connection is not handed to a send.
            client.Dispose();
            throw;
        }

        client.Dispose();
        return false;
    }

    private static bool IsConnectionFailure(Exception ex) =>
        ex is IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException
            or AuthenticationException or SslHandshakeException or TimeoutException
            or OperationCanceledException;

    /// <summary>What a kind of message brings to a pooled send: the message, and what its log lines say.</summary>
    private interface IPooledMessage
    {
        string MessageId { get; }

        MimeMessage Build(out MailboxAddress recipient);

        void Accepted(ILogger logger);

        void Refused(ILogger logger, SmtpCommandException ex);

        void Failed(ILogger logger, Exception ex);
    }

    /// <summary>A delivery of a warning.</summary>
    private readonly struct WarningMessage(MailKitEmailSender sender, EmailDelivery delivery) : IPooledMessage
    {
        public string MessageId => sender.MessageIdFor(delivery.DeliveryId);

        public MimeMessage Build(out MailboxAddress recipient) => sender.Build(delivery, out recipient);

        // The Message-Id is derived from the delivery id and looks like an address to log scanners: the delivery id says it.
        public void Accepted(ILogger logger) =>
            logger.LogInformation("Email for delivery {DeliveryId} accepted for {To}", delivery.DeliveryId, PersonalDataMask.MaskEmail(delivery.ToAddress));

        public void Refused(ILogger logger, SmtpCommandException ex) =>
            logger.LogWarning("Email for delivery {DeliveryId} to {To} refused: {Code} {ErrorCode}", delivery.DeliveryId, PersonalDataMask.MaskEmail(delivery.ToAddress), (int)ex.StatusCode, ex.ErrorCode);

        public void Failed(ILogger logger, Exception ex) =>
            logger.LogWarning("Email for delivery {DeliveryId} to {To} failed: {Error}", delivery.DeliveryId, PersonalDataMask.MaskEmail(delivery.ToAddress), ex.Message);
    }

    /// <summary>A message built by the caller, which logs its outcome itself.</summary>
    private readonly struct PreparedMessage(MimeMessage message, MailboxAddress recipient, string messageId) : IPooledMessage
    {
        public string MessageId => messageId;

        public MimeMessage Build(out MailboxAddress to)
        {
            to = recipient;
            return message;
        }

        public void Accepted(ILogger logger)
        {
        }

        public void Refused(ILogger logger, SmtpCommandException ex)
        {
        }

        public void Failed(ILogger logger, Exception ex)
        {
        }
    }

    /// <summary>The headers every email of one warning carries, encoded; copied into each message.</summary>
    private sealed record WarningHeaders(Header From, Header Subject, Header UnsubscribePost, Header Warning);
}

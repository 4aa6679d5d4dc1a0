using System.Net.Sockets;
using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace RiskAlerts.Channels.Email;

/// <summary>
/// Sends warning emails over SMTP with MailKit, one message per contact, over one connection
/// that is kept open between messages (connecting and authenticating per message would dominate
/// a broadcast) and reopened when the server has dropped it.
/// </summary>
/// <remarks>
/// Messages carry <c>List-Unsubscribe</c> with <c>List-Unsubscribe-Post: List-Unsubscribe=One-Click</c>
/// (RFC 8058), and a <c>Message-Id</c> derived from the delivery id, so a resend of the same delivery
/// carries the same id.
/// </remarks>
public sealed class MailKitEmailSender : IEmailSender, IAsyncDisposable, IDisposable
{
    private readonly EmailOptions _options;
    private readonly EmailContentRenderer _renderer;
    private readonly ILogger<MailKitEmailSender> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SmtpClient? _client;
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
    }

    /// <summary>The <c>Message-Id</c> (without brackets) a delivery's email carries.</summary>
    public string MessageIdFor(string deliveryId)
    {
        ArgumentException.ThrowIfNullOrEmpty(deliveryId);
        var at = _options.FromAddress.LastIndexOf('@');
        var domain = at >= 0 ? _options.FromAddress[(at + 1)..] : "riskalerts.local";

        // Characters outside dot-atom text are written as =XX so that distinct ids stay distinct.
        var local = new StringBuilder("riskalerts.");
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

        return $"{local}@{domain}";
    }

    /// <summary>Builds the MIME message for a delivery.</summary>
    public MimeMessage BuildMessage(EmailDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var content = _renderer.Render(delivery);
        var message = new MimeMessage
        {
            MessageId = MessageIdFor(delivery.DeliveryId),
            Subject = content.Subject,
            Body = new BodyBuilder { TextBody = content.TextBody, HtmlBody = content.HtmlBody }.ToMessageBody(),
        };
        message.From.Add(new MailboxAddress(_options.FromDisplayName, _options.FromAddress));
        message.To.Add(new MailboxAddress(delivery.ToName ?? string.Empty, delivery.ToAddress));
        message.Headers.Add("List-Unsubscribe", $"<{content.UnsubscribeUrl.AbsoluteUri}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        message.Headers.Add("X-RiskAlerts-Warning", delivery.Warning.WarningId);
        return message;
    }

    /// <inheritdoc />
    public async Task<EmailSendResult> SendAsync(EmailDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        using var message = BuildMessage(delivery);
        var to = PersonalDataMask.Email(delivery.ToAddress);

        await _gate.WaitAsync(cancellationToken);
        try
        {
            // A kept connection may have been closed by the server while idle: one reconnect.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var client = await ConnectedClientAsync(cancellationToken);
                    await client.SendAsync(message, cancellationToken);
                    _logger.LogInformation("Email {MessageId} for delivery {DeliveryId} accepted for {To}", message.MessageId, delivery.DeliveryId, to);
                    return new EmailSendResult.Accepted(message.MessageId ?? MessageIdFor(delivery.DeliveryId));
                }
                catch (SmtpCommandException ex)
                {
                    return MapCommandFailure(ex, delivery.DeliveryId, to);
                }
                catch (Exception ex) when (IsConnectionFailure(ex) && !cancellationToken.IsCancellationRequested)
                {
                    await DropConnectionAsync();
                    if (attempt >= 2)
                    {
                        _logger.LogWarning("Email for delivery {DeliveryId} to {To} failed: {Error}", delivery.DeliveryId, to, ex.Message);
                        return new EmailSendResult.TransientFailure($"SMTP connection failed: {ex.GetType().Name}: {ex.Message}");
                    }
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // The container disposes the sender once as itself and once as IEmailSender (the same
        // instance); only the first disposal does anything.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _gate.WaitAsync();
        try
        {
            if (_client is { IsConnected: true })
            {
                try
                {
                    await _client.DisconnectAsync(quit: true);
                }
                catch (Exception ex) when (IsConnectionFailure(ex))
                {
                    // Closing anyway.
                }
            }

            _client?.Dispose();
            _client = null;
        }
        finally
        {
            _gate.Release();
        }

        _gate.Dispose();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _client?.Dispose();
        _client = null;
        _gate.Dispose();
    }

    private async Task<SmtpClient> ConnectedClientAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true })
        {
            return _client;
        }

        _client?.Dispose();
        var client = new SmtpClient { Timeout = (int)_options.Timeout.TotalMilliseconds };
        var security = _options.UseSsl ? SecureSocketOptions.SslOnConnect
            : _options.StartTls ? SecureSocketOptions.StartTls
            : SecureSocketOptions.None;
        try
        {
            await client.ConnectAsync(_options.Host, _options.Port, security, cancellationToken);
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

        _logger.LogDebug("Connected to SMTP server {Host}:{Port}", _options.Host, _options.Port);
        _client = client;
        return client;
    }

    private async Task DropConnectionAsync()
    {
        if (_client is null)
        {
            return;
        }

        try
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync(quit: false);
            }
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            // Already broken; it is replaced on the next send.
        }

        _client.Dispose();
        _client = null;
    }

    private EmailSendResult MapCommandFailure(SmtpCommandException ex, string deliveryId, string to)
    {
        var code = (int)ex.StatusCode;
        _logger.LogWarning("Email for delivery {DeliveryId} to {To} refused: {Code} {ErrorCode}", deliveryId, to, code, ex.ErrorCode);
        return code is >= 500 and < 600
            ? new EmailSendResult.PermanentFailure(code.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message)
            : new EmailSendResult.TransientFailure($"SMTP {code}: {ex.Message}");
    }

    private static bool IsConnectionFailure(Exception ex) =>
        ex is IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException
            or AuthenticationException or SslHandshakeException or TimeoutException
            or OperationCanceledException;
}

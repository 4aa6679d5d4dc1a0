using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskAlerts.Channels.Email;
using RiskAlerts.Channels.Sms;
using RiskAlerts.Core.Deliveries.Email;
using RiskAlerts.Core.Deliveries.Sms;

namespace RiskAlerts.Infrastructure.Messaging.Consumers;

/// <summary>
/// Opens the first connection to the SMTP server (<see cref="MailKitEmailSender.WarmUpAsync"/>) and to
/// every SMS provider (<see cref="ISmsProvider.WarmUpAsync"/>) while the host starts, so that the
/// first batch of a broadcast, often the reason this replica was started, does not wait for connects
/// and handshakes. It runs in the background: a host whose server or provider cannot be reached yet
/// still starts, and its first send connects as it would have. From then on it keeps the idle SMTP
/// connections open every <see cref="EmailOptions.KeepAliveInterval"/> (<see cref="MailKitEmailSender.KeepAliveAsync"/>).
/// </summary>
public sealed class ChannelConnectionWarmUp(
    IEmailSender email,
    ISmsSender sms,
    IOptions<EmailOptions> emailOptions,
    TimeProvider timeProvider,
    ILogger<ChannelConnectionWarmUp> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll([WarmUpEmailAsync(stoppingToken), .. ProvidersOf(sms).Select(provider => WarmUpSmsAsync(provider, stoppingToken))]);

    // SMS sent otherwise than through the configured providers has nothing to open.
    private static IEnumerable<ISmsProvider> ProvidersOf(ISmsSender sender) =>
        sender is FailoverSmsSender failover ? failover.Routes.Select(route => route.Provider) : [];

    private async Task WarmUpEmailAsync(CancellationToken stoppingToken)
    {
        // Emails sent otherwise than over SMTP have nothing to open.
        if (email is not MailKitEmailSender sender)
        {
            return;
        }

        var server = emailOptions.Value;
        try
        {
            await sender.WarmUpAsync(stoppingToken);
            logger.LogInformation("SMTP connection to {Host}:{Port} opened ahead of the first email", server.Host, server.Port);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("SMTP server {Host}:{Port} could not be reached at start ({Error}: {Reason}); the first email connects", server.Host, server.Port, ex.GetType().Name, ex.Message);
        }

        if (server.KeepAliveInterval > TimeSpan.Zero)
        {
            await KeepEmailAliveAsync(sender, server, stoppingToken);
        }
    }

    private async Task KeepEmailAliveAsync(MailKitEmailSender sender, EmailOptions server, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(server.KeepAliveInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await sender.KeepAliveAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("No SMTP connection to {Host}:{Port} could be kept open ({Error}: {Reason}); the next email connects", server.Host, server.Port, ex.GetType().Name, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private async Task WarmUpSmsAsync(ISmsProvider provider, CancellationToken stoppingToken)
    {
        try
        {
            await provider.WarmUpAsync(stoppingToken);
            logger.LogInformation("Connection to SMS provider {Provider} opened ahead of the first SMS", provider.Name);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("SMS provider {Provider} could not be reached at start ({Error}: {Reason}); its first SMS connects", provider.Name, ex.GetType().Name, ex.Message);
        }
    }
}

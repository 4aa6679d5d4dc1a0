using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskAlerts.Channels.Email;
using RiskAlerts.Core.Deliveries.Email;

namespace RiskAlerts.Infrastructure.Messaging.Consumers;

/// <summary>
/// Opens the first SMTP connection while the host starts (<see cref="MailKitEmailSender.WarmUpAsync"/>),
/// in the background: a host whose SMTP server is not reachable yet still starts, and its first
/// email connects as it would have. Emails sent otherwise than over SMTP have nothing to open.
/// </summary>
public sealed class EmailConnectionWarmUp(IEmailSender email, IOptions<EmailOptions> options, ILogger<EmailConnectionWarmUp> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (email is not MailKitEmailSender sender)
        {
            return;
        }

        try
        {
            await sender.WarmUpAsync(stoppingToken);
            logger.LogInformation("SMTP connection to {Host}:{Port} opened ahead of the first email", options.Value.Host, options.Value.Port);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("SMTP server {Host}:{Port} could not be reached at start ({Error}: {Reason}); the first email connects", options.Value.Host, options.Value.Port, ex.GetType().Name, ex.Message);
        }
    }
}

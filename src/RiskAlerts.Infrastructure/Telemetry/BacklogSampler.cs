using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Operations.Overview;
using RiskAlerts.Core.Telemetry;

namespace RiskAlerts.Infrastructure.Telemetry;

/// <summary>
/// Samples the Service Bus backlog for the <c>riskalerts.servicebus.backlog</c> gauge, every
/// <see cref="TelemetryOptions.BacklogSampleInterval"/>. Runs beside the consumers, so one process
/// per deployment samples, not every HTTP instance.
/// </summary>
internal sealed class BacklogSampler(IServiceBusBacklog backlog, RiskAlertsTelemetry telemetry, IOptions<TelemetryOptions> options, ILogger<BacklogSampler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.BacklogSampleInterval);
        var failing = false;
        do
        {
            try
            {
                telemetry.RecordBacklog(await backlog.ReadAsync(stoppingToken));
                failing = false;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Said once per run of failures: without management rights it fails every time.
                if (!failing)
                {
                    logger.LogWarning(ex, "The Service Bus backlog could not be sampled; the backlog gauge keeps its last values");
                }

                failing = true;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}

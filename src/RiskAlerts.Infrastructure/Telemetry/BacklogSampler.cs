using System.Net.Sockets;
using Azure;
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
                    LogFailure(ex);
                }

                failing = true;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    // An endpoint that cannot be reached, or that refuses us, is told in one line: its stack says nothing more.
    private void LogFailure(Exception exception)
    {
        if (KnownReason(exception) is { } reason)
        {
            logger.LogWarning("The Service Bus backlog could not be sampled ({Reason}); the backlog gauge keeps its last values", reason);
        }
        else
        {
            logger.LogWarning(exception, "The Service Bus backlog could not be sampled; the backlog gauge keeps its last values");
        }
    }

    /// <summary>
    /// The root cause of a failure to reach the management endpoint (no connection, no answer, the
    /// administration client's retries of those) or of being refused by it (no Manage rights);
    /// <see langword="null"/> for anything else.
    /// </summary>
    private static string? KnownReason(Exception exception)
    {
        switch (exception)
        {
            case AggregateException aggregate when aggregate.InnerExceptions.Count > 0:
                return aggregate.InnerExceptions.All(inner => KnownReason(inner) is not null) ? KnownReason(aggregate.InnerExceptions[0]) : null;
            case UnauthorizedAccessException:
                return exception.Message;
            case RequestFailedException { Status: 0 } or HttpRequestException or IOException or SocketException:
                var root = exception;
                while (root.InnerException is { } inner)
                {
                    root = inner;
                }

                return root.Message;
            default:
                return null;
        }
    }
}

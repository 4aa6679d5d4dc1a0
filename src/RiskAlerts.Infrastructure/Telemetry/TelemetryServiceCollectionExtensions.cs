using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using RiskAlerts.Core.Telemetry;

namespace RiskAlerts.Infrastructure.Telemetry;

/// <summary>
/// OpenTelemetry for a RiskAlerts process: the product's own source and meter, the Azure SDK's
/// spans (Service Bus carries the trace context in each message, so a warning is one trace from
/// the HTTP request to the provider call), HTTP in and out; exported as configuration says.
/// </summary>
public static class TelemetryServiceCollectionExtensions
{
    public static IServiceCollection AddRiskAlertsTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        // The Azure SDK emits Service Bus and Tables spans through ActivitySource only when asked.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);

        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        services.AddSingleton<RiskAlertsTelemetry>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing
                .AddSource(RiskAlertsTelemetry.SourceName, "Azure.Messaging.ServiceBus.*", "Azure.Data.Tables.*")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(RiskAlertsTelemetry.SourceName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation());

        switch (options.Exporter)
        {
            case TelemetryExporter.Console:
                telemetry.WithTracing(t => t.AddConsoleExporter()).WithMetrics(m => m.AddConsoleExporter());
                break;
            case TelemetryExporter.Otlp:
                telemetry.UseOtlpExporter(OpenTelemetry.Exporter.OtlpExportProtocol.Grpc, options.OtlpEndpoint ?? new Uri("http://localhost:4317"));
                break;
            case TelemetryExporter.AzureMonitor:
                // Local auth is off on Application Insights: the exporter signs in with the managed identity.
                var credential = new DefaultAzureCredential();
                telemetry
                    .WithTracing(t => t.AddAzureMonitorTraceExporter(o => o.Credential = credential))
                    .WithMetrics(m => m.AddAzureMonitorMetricExporter(o => o.Credential = credential));
                services.AddLogging(logging => logging.AddOpenTelemetry(o => o.AddAzureMonitorLogExporter(e => e.Credential = credential)));
                break;
            case TelemetryExporter.None:
                break;
        }

        return services;
    }
}

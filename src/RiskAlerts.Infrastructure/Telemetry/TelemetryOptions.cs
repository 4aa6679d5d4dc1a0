using System.ComponentModel.DataAnnotations;

namespace RiskAlerts.Infrastructure.Telemetry;

/// <summary>Where traces, metrics and logs go.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    public TelemetryExporter Exporter { get; set; } = TelemetryExporter.None;

    /// <summary>OTLP endpoint for <see cref="TelemetryExporter.Otlp"/>; the exporter's default (localhost:4317) when empty.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>How often the Service Bus backlog is sampled for its gauge, where the consumers run.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan BacklogSampleInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Console or OTLP locally, Azure Monitor in Azure.</summary>
public enum TelemetryExporter
{
    None,
    Console,
    Otlp,
    AzureMonitor,
}

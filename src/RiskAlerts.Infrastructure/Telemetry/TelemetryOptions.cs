namespace RiskAlerts.Infrastructure.Telemetry;

/// <summary>Where traces, metrics and logs go.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    public TelemetryExporter Exporter { get; set; } = TelemetryExporter.None;

    /// <summary>OTLP endpoint for <see cref="TelemetryExporter.Otlp"/>; the exporter's default (localhost:4317) when empty.</summary>
    public Uri? OtlpEndpoint { get; set; }
}

/// <summary>Console or OTLP locally, Azure Monitor in Azure.</summary>
public enum TelemetryExporter
{
    None,
    Console,
    Otlp,
    AzureMonitor,
}

using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RiskAlerts.Core.Telemetry;

/// <summary>
/// The product's own traces and metrics. Names are stable: dashboards and alerts are built on them.
/// Instruments are created from the host's <see cref="IMeterFactory"/>, so tests can observe them.
/// </summary>
public sealed class RiskAlertsTelemetry
{
    /// <summary>Name of the product's <see cref="System.Diagnostics.ActivitySource"/> and <see cref="Meter"/>.</summary>
    public const string SourceName = "RiskAlerts";

    /// <summary>Spans of the product's own work: planning a warning, sending a batch.</summary>
    public static readonly ActivitySource ActivitySource = new(SourceName);

    public RiskAlertsTelemetry(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(SourceName);
        WarningsAccepted = meter.CreateCounter<long>("riskalerts.warnings.accepted", "{warning}", "Warnings accepted at the front door.");
        DeliveriesPlanned = meter.CreateCounter<long>("riskalerts.deliveries.planned", "{delivery}", "Deliveries planned (one per contact and channel).");
        DeliveryOutcomes = meter.CreateCounter<long>("riskalerts.deliveries.outcomes", "{delivery}", "Delivery outcomes by status, channel and provider.");
        SendDuration = meter.CreateHistogram<double>("riskalerts.send.duration", "s", "Time of one provider call (a batch of SMS, or one email).");
        Retries = meter.CreateCounter<long>("riskalerts.deliveries.retries", "{delivery}", "Deliveries re-published after a transient failure.");
        DeadLetters = meter.CreateCounter<long>("riskalerts.messages.deadlettered", "{message}", "Messages dead-lettered, by entity and reason.");
    }

    public Counter<long> WarningsAccepted { get; }

    public Counter<long> DeliveriesPlanned { get; }

    public Counter<long> DeliveryOutcomes { get; }

    public Histogram<double> SendDuration { get; }

    public Counter<long> Retries { get; }

    public Counter<long> DeadLetters { get; }
}

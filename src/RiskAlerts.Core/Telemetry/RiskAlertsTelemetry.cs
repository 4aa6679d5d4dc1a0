using System.Diagnostics;
using System.Diagnostics.Metrics;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Operations.Overview;

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
        Interruptions = meter.CreateCounter<long>("riskalerts.deliveries.interrupted", "{delivery}", "Deliveries in flight when their sender stopped, by channel and resolution (sent again, unknown).");
        DeadLetters = meter.CreateCounter<long>("riskalerts.messages.deadlettered", "{message}", "Messages dead-lettered, by entity and reason.");
        meter.CreateObservableGauge("riskalerts.servicebus.backlog", ObserveBacklog, "{message}", "Messages waiting in each Service Bus entity, by entity and state (active, scheduled, deadletter), as last sampled.");
    }

    private IReadOnlyList<EntityBacklog> _backlog = [];

    public Counter<long> WarningsAccepted { get; }

    public Counter<long> DeliveriesPlanned { get; }

    public Counter<long> DeliveryOutcomes { get; }

    public Histogram<double> SendDuration { get; }

    public Counter<long> Retries { get; }

    public Counter<long> DeadLetters { get; }

    /// <summary>Deliveries in flight when their sender stopped, by channel and resolution.</summary>
    public Counter<long> Interruptions { get; }

    /// <summary>Counts rows that reached a status, by status, channel and provider (<c>none</c> before any provider took them).</summary>
    public void CountOutcomes(IEnumerable<DeliveryRecord> rows)
    {
        foreach (var group in rows.GroupBy(r => (r.Status, r.Channel, r.Provider)))
        {
            DeliveryOutcomes.Add(
                group.Count(),
                new KeyValuePair<string, object?>("status", group.Key.Status.ToString()),
                new KeyValuePair<string, object?>("channel", group.Key.Channel.ToWireName()),
                new KeyValuePair<string, object?>("provider", group.Key.Provider ?? "none"));
        }
    }

    /// <summary>
    /// Keeps the latest backlog sample for the backlog gauge. Sampling is done by a background
    /// service, because reading the counts is a network call and a gauge's callback must not block.
    /// </summary>
    public void RecordBacklog(IReadOnlyList<EntityBacklog> backlog)
    {
        ArgumentNullException.ThrowIfNull(backlog);
        Volatile.Write(ref _backlog, backlog);
    }

    private IEnumerable<Measurement<long>> ObserveBacklog()
    {
        foreach (var entity in Volatile.Read(ref _backlog))
        {
            yield return new(entity.Active, new("entity", entity.Entity), new("state", "active"));
            yield return new(entity.Scheduled, new("entity", entity.Entity), new("state", "scheduled"));
            yield return new(entity.DeadLetter, new("entity", entity.Entity), new("state", "deadletter"));
        }
    }
}

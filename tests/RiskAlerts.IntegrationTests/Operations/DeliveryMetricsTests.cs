using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Telemetry;
using RiskAlerts.IntegrationTests.Delivery;

namespace RiskAlerts.IntegrationTests.Operations;

/// <summary>
/// The product's metrics, as an exporter would read them, after a real delivery: planned deliveries,
/// outcomes by status, channel and provider, send latency, and the Service Bus backlog gauge.
/// </summary>
[Collection(DeliveryStackCollection.Name)]
public sealed class DeliveryMetricsTests(DeliveryStackFixture stack)
{
    [Fact]
    public async Task ADeliveryIsCountedByStatusChannelAndProviderTimedAndTheBacklogIsObserved()
    {
        var measurements = new ConcurrentBag<(string Instrument, double Value, Dictionary<string, string?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RiskAlertsTelemetry.SourceName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measurements.Add((instrument.Name, value, Tags(tags))));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => measurements.Add((instrument.Name, value, Tags(tags))));
        listener.Start();

        var scenario = new DeliveryScenario(stack);
        var subscribers = Enumerable.Range(0, 2).Select(_ => DeliveryScenario.NewSubscriber("620421", [DeliveryScenario.NewContact("c0", Channel.Sms, Channel.Email)])).ToList();
        await scenario.SeedAsync(subscribers);
        var warningId = await scenario.SubmitAsync("620421");
        await scenario.WaitForRowsAsync(warningId, 4, DeliveryScenario.IsFinished);
        listener.RecordObservableInstruments();

        // Other tests' hosts share the process and the meter name, so counts are at least this warning's.
        Assert.True(Sum(measurements, "riskalerts.deliveries.planned", ("channel", "sms")) >= 2);
        Assert.True(Sum(measurements, "riskalerts.deliveries.planned", ("channel", "email")) >= 2);
        Assert.True(Sum(measurements, "riskalerts.deliveries.outcomes", ("status", "Sent"), ("channel", "sms"), ("provider", "primary")) >= 2);
        Assert.True(Sum(measurements, "riskalerts.deliveries.outcomes", ("status", "Delivered"), ("channel", "sms"), ("provider", "primary")) >= 2);
        Assert.True(Sum(measurements, "riskalerts.deliveries.outcomes", ("status", "Sent"), ("channel", "email"), ("provider", "smtp")) >= 2);
        Assert.Contains(measurements, m => m.Instrument == "riskalerts.send.duration" && m.Tags["channel"] == "sms" && m.Value > 0);
        var backlog = measurements.Where(m => m.Instrument == "riskalerts.servicebus.backlog").ToList();
        foreach (var entity in new[] { "warnings", "deliveries", "sms", "email" })
        {
            foreach (var state in new[] { "active", "scheduled", "deadletter" })
            {
                Assert.Contains(backlog, m => m.Tags["entity"] == entity && m.Tags["state"] == state);
            }
        }
    }

    private static Dictionary<string, string?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value?.ToString();
        }

        return copy;
    }

    private static double Sum(IEnumerable<(string Instrument, double Value, Dictionary<string, string?> Tags)> measurements, string instrument, params (string Key, string Value)[] tags) =>
        measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.GetValueOrDefault(t.Key) == t.Value)).Sum(m => m.Value);
}

using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;

namespace RiskAlerts.IntegrationTests.Fixtures;

/// <summary>
/// A processor in the host's own OpenTelemetry pipeline that keeps the ended spans of the traces a
/// test watches, so a test sees what the host exports (its sources, its instrumentation), not
/// whatever a listener of every source would. The pipeline listens process-wide, so spans of other
/// tests and the other fixture's host pass by too; only watched trace ids are kept.
/// </summary>
public sealed class TraceCapture : BaseProcessor<Activity>
{
    private readonly ConcurrentDictionary<ActivityTraceId, ConcurrentQueue<Activity>> _traces = new();

    /// <summary>Starts keeping the spans of <paramref name="traceId"/>.</summary>
    public void Watch(ActivityTraceId traceId) => _traces.TryAdd(traceId, new ConcurrentQueue<Activity>());

    /// <summary>The spans of a watched trace that have ended so far.</summary>
    public IReadOnlyList<Activity> Spans(ActivityTraceId traceId) => _traces.TryGetValue(traceId, out var spans) ? [.. spans] : [];

    /// <inheritdoc />
    public override void OnEnd(Activity data)
    {
        if (_traces.TryGetValue(data.TraceId, out var spans))
        {
            spans.Enqueue(data);
        }
    }
}

namespace RiskAlerts.LocalServiceBus.Entities;

/// <summary>Hands out broker-wide increasing sequence numbers (Service Bus numbers per entity; unique across all is enough here).</summary>
internal sealed class SequenceNumberSource
{
    private long _last;

    public long Next() => Interlocked.Increment(ref _last);
}

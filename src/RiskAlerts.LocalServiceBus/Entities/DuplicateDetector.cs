namespace RiskAlerts.LocalServiceBus.Entities;

/// <summary>Remembers MessageIds seen within a time window, as Service Bus duplicate detection does.</summary>
internal sealed class DuplicateDetector(TimeSpan window)
{
    private readonly Lock _sync = new();
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string MessageId, DateTimeOffset SeenAt)> _order = new();

    /// <summary>Records <paramref name="messageId"/> and says whether it was already seen inside the window.</summary>
    public bool IsDuplicate(string? messageId, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(messageId))
        {
            return false;
        }

        lock (_sync)
        {
            while (_order.TryPeek(out var oldest) && now - oldest.SeenAt >= window)
            {
                _order.Dequeue();
                if (_seen.TryGetValue(oldest.MessageId, out var seenAt) && seenAt == oldest.SeenAt)
                {
                    _seen.Remove(oldest.MessageId);
                }
            }

            if (_seen.ContainsKey(messageId))
            {
                return true;
            }

            _seen[messageId] = now;
            _order.Enqueue((messageId, now));
            return false;
        }
    }
}

namespace RiskAlerts.Channels.Email;

/// <summary>
/// A small least-recently-used cache, safe for concurrent use. Meant for a handful of entries
/// (the warnings being broadcast right now), so one lock around a dictionary and a list is enough.
/// </summary>
/// <typeparam name="TKey">The key; compared with its own equality, and by reference first.</typeparam>
/// <typeparam name="TValue">The cached value; built at most once per key while it stays cached.</typeparam>
internal sealed class BoundedCache<TKey, TValue>
    where TKey : class
    where TValue : class
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>> _entries = [];
    private readonly LinkedList<(TKey Key, TValue Value)> _recency = new();
    private readonly int _capacity;

    // The entry used last: deliveries of one batch share one key instance, so most look-ups end
    // here without hashing the key (a warning's text can be kilobytes).
    private (TKey Key, TValue Value)? _last;

    public BoundedCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Entries held now.</summary>
    public int Count
    {
        get { lock (_gate) { return _entries.Count; } }
    }

    /// <summary>The value for the key, built by <paramref name="create"/> when it is not cached.</summary>
    public TValue GetOrAdd(TKey key, Func<TKey, TValue> create) =>
        GetOrAdd(key, create, static (key, create) => create(key));

    /// <summary>The value for the key, built by <paramref name="create"/> from the key and <paramref name="state"/> when it is not cached.</summary>
    public TValue GetOrAdd<TState>(TKey key, TState state, Func<TKey, TState, TValue> create)
    {
        lock (_gate)
        {
            if (_last is { } last && ReferenceEquals(last.Key, key))
            {
                return last.Value;
            }

            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                _last = node.Value;
                return node.Value.Value;
            }
        }

        // Built outside the lock: two callers may build the same value at once, and one of them wins.
        var value = create(key, state);
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                _last = existing.Value;
                return existing.Value.Value;
            }

            if (_entries.Count >= _capacity)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
            }

            var added = _recency.AddFirst((key, value));
            _entries.Add(key, added);
            _last = added.Value;
            return value;
        }
    }
}

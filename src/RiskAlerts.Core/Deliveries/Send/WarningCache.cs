using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Warnings;

namespace RiskAlerts.Core.Deliveries.Send;

/// <summary>
/// Warnings as the senders see them, kept for <see cref="DeliveryOptions.WarningCacheDuration"/>:
/// a broadcast has ~1,500 batches of the same warning, which should not cost 1,500 reads. A
/// retraction is therefore seen by the senders within that time. The planner hands over the
/// warning it has just read, so that the senders in its process do not read it again before the
/// first batch goes out.
/// </summary>
public sealed class WarningCache(IWarningStore warnings, IOptions<DeliveryOptions> options, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, (Warning? Warning, DateTimeOffset ReadAt)> _entries = new(StringComparer.Ordinal);

    /// <summary>The warning, from the cache when read recently.</summary>
    public async Task<Warning?> GetAsync(string warningId, CancellationToken cancellationToken = default)
    {
        var now = timeProvider.GetUtcNow();
        if (_entries.TryGetValue(warningId, out var entry) && now - entry.ReadAt < options.Value.WarningCacheDuration && entry.Warning is not null)
        {
            return entry.Warning;
        }

        var warning = await warnings.FindAsync(warningId, cancellationToken);
        _entries[warningId] = (warning, now);
        if (_entries.Count > 1_000)
        {
            foreach (var stale in _entries.Where(e => now - e.Value.ReadAt >= options.Value.WarningCacheDuration).Select(e => e.Key).ToList())
            {
                _entries.TryRemove(stale, out _);
            }
        }

        return warning;
    }

    /// <summary>Keeps <paramref name="warning"/> as read now, as a read of it by <see cref="GetAsync"/> would have.</summary>
    public void Remember(Warning warning)
    {
        ArgumentNullException.ThrowIfNull(warning);
        _entries[warning.Id] = (warning, timeProvider.GetUtcNow());
    }
}

using RiskAlerts.Core.Alerts;

namespace RiskAlerts.Core.Deliveries.Summary;

/// <summary>
/// When a warning's messages were accepted by their providers, per channel, in equal time buckets
/// from the first: what a chart of deliveries per second and their running total draws. However long
/// the broadcast, there are at most <see cref="MaxBuckets"/> buckets, each a whole number of seconds.
/// </summary>
/// <param name="StartAt">The first acceptance: the start of the first bucket.</param>
/// <param name="BucketSeconds">The length of each bucket.</param>
/// <param name="ByChannel">Per channel, the messages accepted in each bucket; every list has the same length.</param>
public sealed record DeliveryTimeline(DateTimeOffset StartAt, int BucketSeconds, IReadOnlyDictionary<Channel, IReadOnlyList<int>> ByChannel)
{
    /// <summary>The most buckets a timeline has: enough for a chart, small enough to poll every 2 s.</summary>
    public const int MaxBuckets = 120;

    /// <summary>The timeline of the given acceptances; null when nothing was accepted yet.</summary>
    public static DeliveryTimeline? Of(IReadOnlyCollection<(Channel Channel, DateTimeOffset SentAt)> sent)
    {
        ArgumentNullException.ThrowIfNull(sent);
        if (sent.Count == 0)
        {
            return null;
        }

        var start = sent.Min(s => s.SentAt);
        var span = (sent.Max(s => s.SentAt) - start).TotalSeconds;

        // The bucket is the smallest whole number of seconds that fits the broadcast in MaxBuckets.
        var bucketSeconds = Math.Max(1, (int)Math.Ceiling((span + 1) / MaxBuckets));
        var buckets = (int)(span / bucketSeconds) + 1;
        var byChannel = new Dictionary<Channel, int[]>();
        foreach (var (channel, sentAt) in sent)
        {
            if (!byChannel.TryGetValue(channel, out var counts))
            {
                counts = new int[buckets];
                byChannel[channel] = counts;
            }

            counts[Math.Min(buckets - 1, (int)((sentAt - start).TotalSeconds / bucketSeconds))]++;
        }

        return new DeliveryTimeline(start, bucketSeconds, byChannel.ToDictionary(p => p.Key, p => (IReadOnlyList<int>)p.Value));
    }
}

namespace RiskAlerts.Core.Registrations.Verification;

/// <summary>
/// The per-address limit on codes sent (per minute, hour and day, sliding windows). Pure: the
/// store keeps the times of the day's sends, this says whether one more may go and when it can.
/// </summary>
public static class VerificationRateLimit
{
    /// <summary>Null when a code may be sent at <paramref name="now"/>; otherwise the earliest time the next one may.</summary>
    /// <param name="sent">When earlier codes to the address were sent (any order; older than a day is ignored).</param>
    /// <param name="now">Now.</param>
    /// <param name="options">The limits.</param>
    public static DateTimeOffset? NextAllowed(IEnumerable<DateTimeOffset> sent, DateTimeOffset now, ContactVerificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(sent);
        ArgumentNullException.ThrowIfNull(options);
        var recent = sent.Where(t => t > now - TimeSpan.FromDays(1) && t <= now).OrderDescending().ToArray();
        DateTimeOffset? next = null;
        foreach (var (window, limit) in new[] { (TimeSpan.FromMinutes(1), options.PerMinute), (TimeSpan.FromHours(1), options.PerHour), (TimeSpan.FromDays(1), options.PerDay) })
        {
            var inWindow = recent.TakeWhile(t => t > now - window).Count();
            if (inWindow >= limit)
            {
                // The window admits one more once the limit-th newest send in it falls out.
                var opens = recent[limit - 1] + window;
                next = next is null || opens > next ? opens : next;
            }
        }

        return next;
    }

    /// <summary>The send times worth keeping: those within the last day.</summary>
    public static IReadOnlyList<DateTimeOffset> Kept(IEnumerable<DateTimeOffset> sent, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(sent);
        return [.. sent.Where(t => t > now - TimeSpan.FromDays(1)).Order()];
    }
}

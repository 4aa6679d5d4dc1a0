namespace RiskAlerts.Core.Subscriptions;

/// <summary>
/// A daily period in China Standard Time during which non-extreme warnings wait, e.g.
/// 22:00–07:00. <see cref="Start"/> is inside the period, <see cref="End"/> is not; a period
/// whose start is after its end spans midnight.
/// </summary>
/// <param name="Start">Local time the period begins.</param>
/// <param name="End">Local time the period ends (deliveries resume).</param>
public sealed record QuietHours(TimeOnly Start, TimeOnly End)
{
    /// <summary>True when the period spans midnight (start after end).</summary>
    public bool SpansMidnight => Start > End;

    /// <summary>True when the local time falls in the period.</summary>
    public bool Contains(TimeOnly localTime) => Contains(Start, End, localTime);

    /// <summary>The period test without an instance, for the matcher's precomputed profiles.</summary>
    internal static bool Contains(TimeOnly start, TimeOnly end, TimeOnly localTime) =>
        start != end && (start > end ? localTime >= start || localTime < end : localTime >= start && localTime < end);

    /// <summary>
    /// When a delivery due at <paramref name="now"/> may go out: null when <paramref name="now"/>
    /// is outside the period, otherwise the next end of the period (+08:00 offset).
    /// </summary>
    public DateTimeOffset? DeferUntil(DateTimeOffset now)
    {
        var local = now.ToChinaTime();
        return Contains(TimeOnly.FromDateTime(local.DateTime)) ? NextEnd(local, End) : null;
    }

    /// <summary>The first moment at or after <paramref name="local"/> whose local time is <paramref name="end"/>.</summary>
    internal static DateTimeOffset NextEnd(DateTimeOffset local, TimeOnly end)
    {
        var candidate = new DateTimeOffset(local.Date + end.ToTimeSpan(), ChinaStandardTime.Offset);
        return candidate > local ? candidate : candidate.AddDays(1);
    }
}

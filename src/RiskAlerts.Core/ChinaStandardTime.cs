namespace RiskAlerts.Core;

/// <summary>
/// China Standard Time (Asia/Shanghai), in which quiet hours are kept and days are counted (the SMS cap per
/// number and day, the unmatched receipts of a day). China has observed no daylight saving since 1991, so a
/// fixed +08:00 offset is exact for any time this system handles and needs no time zone database on the host.
/// </summary>
public static class ChinaStandardTime
{
    /// <summary>The offset from UTC, +08:00.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The same instant as China's clocks show it.</summary>
    public static DateTimeOffset ToChinaTime(this DateTimeOffset at) => at.ToOffset(Offset);

    /// <summary>The calendar day in China at <paramref name="at"/>.</summary>
    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.ToChinaTime().DateTime);
}

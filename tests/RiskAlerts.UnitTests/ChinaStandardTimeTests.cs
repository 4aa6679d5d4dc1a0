using RiskAlerts.Core;

namespace RiskAlerts.UnitTests;

public sealed class ChinaStandardTimeTests
{
    [Theory]
    [InlineData("2026-11-30T15:59:59Z", "2026-11-30")]
    [InlineData("2026-11-30T16:00:00Z", "2026-12-01")]
    [InlineData("2026-07-01T23:30:00+08:00", "2026-07-01")]
    public void TheDayTurnsAtMidnightInChinaWhichIsFourPmUtcAllYearRound(string instant, string day) =>
        Assert.Equal(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), ChinaStandardTime.DayOf(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void ChinaTimeIsTheSameInstantOnClocksEightHoursAheadOfUtc()
    {
        var instant = new DateTimeOffset(2026, 1, 15, 23, 0, 0, TimeSpan.Zero);

        var local = instant.ToChinaTime();

        Assert.Equal(instant, local);
        Assert.Equal(new DateTime(2026, 1, 16, 7, 0, 0), local.DateTime);
    }
}

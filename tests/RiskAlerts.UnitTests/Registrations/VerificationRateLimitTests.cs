using RiskAlerts.Core.Registrations.Verification;

namespace RiskAlerts.UnitTests.Registrations;

public sealed class VerificationRateLimitTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private static readonly ContactVerificationOptions Limits = new() { PerMinute = 1, PerHour = 5, PerDay = 10 };

    [Fact]
    public void TheFirstCodeGoesAtOnce() =>
        Assert.Null(VerificationRateLimit.NextAllowed([], Now, Limits));

    [Fact]
    public void ASecondCodeWithinTheMinuteWaitsUntilTheMinuteIsOver() =>
        Assert.Equal(Now.AddSeconds(20), VerificationRateLimit.NextAllowed([Now.AddSeconds(-40)], Now, Limits));

    [Fact]
    public void TheSixthCodeInAnHourWaitsUntilTheOldestOfTheFiveIsAnHourOld()
    {
        DateTimeOffset[] sent = [Now.AddMinutes(-50), Now.AddMinutes(-40), Now.AddMinutes(-30), Now.AddMinutes(-20), Now.AddMinutes(-10)];

        Assert.Equal(Now.AddMinutes(10), VerificationRateLimit.NextAllowed(sent, Now, Limits));
    }

    [Fact]
    public void TheEleventhCodeInADayWaitsForTheDayWindowEvenWhenTheHourIsFree()
    {
        var sent = Enumerable.Range(1, 10).Select(h => Now.AddHours(-h * 2)).ToArray();

        Assert.Equal(Now.AddHours(-20).AddDays(1), VerificationRateLimit.NextAllowed(sent, Now, Limits));
    }

    [Fact]
    public void SendsOlderThanADayAreForgotten()
    {
        DateTimeOffset[] sent = [Now.AddDays(-2), Now.AddHours(-25), Now.AddMinutes(-5)];

        Assert.Equal([Now.AddMinutes(-5)], VerificationRateLimit.Kept(sent, Now));
        Assert.Null(VerificationRateLimit.NextAllowed(sent, Now, Limits));
    }
}

using RiskAlerts.Core.Enterprises;

namespace RiskAlerts.UnitTests.Enterprises;

public sealed class PhoneNumberNormalizerTests
{
    [Theory]
    [InlineData("13812345678")]
    [InlineData("138 1234 5678")]
    [InlineData("138-1234-5678")]
    [InlineData("+86 138 1234 5678")]
    [InlineData("008613812345678")]
    public void NormalisesChineseMobileNumbersToE164(string input)
    {
        Assert.True(PhoneNumberNormalizer.TryNormalizeMobile(input, out var e164, out var reason), reason);
        Assert.Equal("+8613812345678", e164);
    }

    [Fact]
    public void AcceptsForeignMobileNumbersWithTheirCountryCode()
    {
        Assert.True(PhoneNumberNormalizer.TryNormalizeMobile("+852 5123 4567", out var e164, out var reason), reason);
        Assert.Equal("+85251234567", e164);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("not a phone", "is not a phone number")]
    [InlineData("1381234567", "is not a valid phone number")]
    [InlineData("010 6552 9988", "is not a mobile number")]
    public void RejectsWithAReasonTheCallerCanActOn(string input, string expected)
    {
        Assert.False(PhoneNumberNormalizer.TryNormalizeMobile(input, out _, out var reason));
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void NormalisesFixedLineNumbersWhenAnyNumberWillDo()
    {
        Assert.True(PhoneNumberNormalizer.TryNormalize("010 6552 9988", out var e164, out _));
        Assert.Equal("+861065529988", e164);
    }
}

using RiskAlerts.Core.Enterprises;

namespace RiskAlerts.UnitTests.Enterprises;

public sealed class PersonalDataMaskTests
{
    [Fact]
    public void MasksAChineseMobileKeepingPrefixAndLastFourDigits() =>
        Assert.Equal("+86 138****5678", PersonalDataMask.MaskPhone("+8613812345678"));

    [Fact]
    public void MasksAShorterForeignNumber() =>
        Assert.Equal("+852 51****67", PersonalDataMask.MaskPhone("+85251234567"));

    [Theory]
    [InlineData("garbage")]
    [InlineData("+86123")]
    public void HidesWhatItCannotParse(string input) => Assert.Equal("***", PersonalDataMask.MaskPhone(input));

    [Fact]
    public void MasksAnEmailLocalPartKeepingItsFirstCharacterAndTheDomain() =>
        Assert.Equal("z***@example.com", PersonalDataMask.MaskEmail("zhang.san@example.com"));

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("no-at-sign", "***")]
    public void HandlesMissingOrMalformedEmails(string? input, string expected) => Assert.Equal(expected, PersonalDataMask.MaskEmail(input));

    [Fact]
    public void NeverLeavesTheFullNumberInTheMask() =>
        Assert.DoesNotContain("12345678", PersonalDataMask.MaskPhone("+8613812345678"), StringComparison.Ordinal);
}

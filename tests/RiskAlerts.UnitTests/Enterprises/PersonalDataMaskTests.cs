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

    [Fact]
    public void MasksEveryNumberAndAddressInFreeText()
    {
        var masked = PersonalDataMask.MaskText("""{"to":"+8613812345678","cc":"li.si@example.com","alt":"13912345678","note":"2 items"}""");

        Assert.DoesNotContain("13812345678", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("13912345678", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("li.si@", masked, StringComparison.Ordinal);
        Assert.Contains("+86 138****5678", masked, StringComparison.Ordinal);
        Assert.Contains("l***@example.com", masked, StringComparison.Ordinal);
        Assert.Contains("2 items", masked, StringComparison.Ordinal);
    }
}

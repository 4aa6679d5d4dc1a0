using RiskAlerts.Core.Enterprises;

namespace RiskAlerts.UnitTests.Enterprises;

public sealed class EmailAddressNormalizerTests
{
    [Theory]
    [InlineData("zhang.san@example.com", "zhang.san@example.com")]
    [InlineData("  Zhang.San+risk@Example.COM ", "Zhang.San+risk@example.com")]
    [InlineData("li@企业.中国", "li@xn--vhquv.xn--fiqs8s")]
    public void AcceptsAndNormalisesAddresses(string input, string expected)
    {
        Assert.True(EmailAddressNormalizer.TryNormalize(input, out var normalized, out var reason), reason);
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("zhang.example.com", "has no '@'")]
    [InlineData("a@b@example.com", "more than one '@'")]
    [InlineData("@example.com", "nothing before")]
    [InlineData("zhang@", "nothing after")]
    [InlineData(".zhang@example.com", "start or end with a dot")]
    [InlineData("zh..ang@example.com", "two dots")]
    [InlineData("zh ang@example.com", "contains ' '")]
    [InlineData("zhang@localhost", "needs a dot")]
    [InlineData("zhang@-example.com", "not a valid host name")]
    [InlineData("zhang@10.0.0.1", "IP addresses")]
    public void RejectsMalformedAddressesWithAReason(string input, string expected)
    {
        Assert.False(EmailAddressNormalizer.TryNormalize(input, out _, out var reason));
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsALocalPartLongerThanSixtyFourCharacters()
    {
        Assert.False(EmailAddressNormalizer.TryNormalize(new string('a', 65) + "@example.com", out _, out var reason));
        Assert.Contains("64", reason, StringComparison.Ordinal);
    }
}

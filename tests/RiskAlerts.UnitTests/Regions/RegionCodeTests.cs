using RiskAlerts.Core.Regions;

namespace RiskAlerts.UnitTests.Regions;

public sealed class RegionCodeTests
{
    private static RegionCode Code(string text) => RegionCode.Parse(text);

    [Theory]
    [InlineData("220000", RegionLevel.Province)]
    [InlineData("220100", RegionLevel.Prefecture)]
    [InlineData("220102", RegionLevel.County)]
    public void ReadsTheLevelFromTheShapeOfTheCode(string text, RegionLevel level) => Assert.Equal(level, Code(text).Level);

    [Theory]
    [InlineData("", "6-digit")]
    [InlineData("2201", "6-digit")]
    [InlineData("22010X", "digits only")]
    [InlineData("000000", "province part")]
    [InlineData("220012", "no prefecture part")]
    public void RejectsMalformedCodesWithAReason(string text, string expected)
    {
        Assert.False(RegionCode.TryParse(text, out _, out var reason));
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("220000", "220000-229999")]
    [InlineData("220100", "220100-220199 220000-220000")]
    [InlineData("220102", "220102-220102 220000-220000 220100-220100")]
    public void AWarningReachesEveryCodeInsideItsRegionAndTheProvinceAndPrefectureContainingIt(string text, string expected) =>
        Assert.Equal(expected, string.Join(' ', Code(text).ReachedCodeRanges().Select(r => $"{r.First}-{r.Last}")));

    [Fact]
    public void GivesParentsAndPrefixes()
    {
        var county = Code("220102");

        Assert.Equal(22, county.ProvincePrefix);
        Assert.Equal(2201, county.PrefecturePrefix);
        Assert.Equal(Code("220100"), county.Parent);
        Assert.Equal(Code("220100"), county.PrefectureCode);
        Assert.Equal(Code("220000"), county.ProvinceCode);
        Assert.Equal(Code("220000"), Code("220100").Parent);
        Assert.Null(Code("220000").Parent);
        Assert.Null(Code("220000").PrefectureCode);
        Assert.Equal("220102", county.ToString());
    }

    [Theory]
    [InlineData("220000", "220000", true)]
    [InlineData("220000", "220100", true)]
    [InlineData("220000", "222426", true)]
    [InlineData("220100", "220102", true)]
    [InlineData("220100", "220202", false)]
    [InlineData("220102", "220102", true)]
    [InlineData("220102", "220100", false)]
    [InlineData("220000", "210000", false)]
    [InlineData("220000", "230102", false)]
    public void ContainsItselfAndWhatLiesInsideIt(string outer, string inner, bool expected) =>
        Assert.Equal(expected, Code(outer).Contains(Code(inner)));

    [Theory]
    [InlineData("220102", "220000", true)]
    [InlineData("220000", "220102", true)]
    [InlineData("220102", "220103", false)]
    [InlineData("220100", "220200", false)]
    public void OverlapsWhenEitherContainsTheOther(string a, string b, bool expected)
    {
        Assert.Equal(expected, Code(a).Overlaps(Code(b)));
        Assert.Equal(expected, Code(b).Overlaps(Code(a)));
    }
}

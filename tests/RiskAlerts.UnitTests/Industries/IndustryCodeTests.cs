using RiskAlerts.Core.Industries;

namespace RiskAlerts.UnitTests.Industries;

public sealed class IndustryCodeTests
{
    [Fact]
    public void SectionsCoverDivisionsOneToNinetySevenWithoutGapsOrOverlaps()
    {
        var sections = IndustryClassification.Sections;

        Assert.Equal(20, sections.Count);
        Assert.Equal("ABCDEFGHIJKLMNOPQRST", string.Concat(sections.Select(s => s.Letter)));
        Assert.Equal(1, sections[0].FirstDivision);
        Assert.Equal(97, sections[^1].LastDivision);
        for (var i = 1; i < sections.Count; i++)
        {
            Assert.Equal(sections[i - 1].LastDivision + 1, sections[i].FirstDivision);
        }
    }

    [Theory]
    [InlineData(1, 'A')]
    [InlineData(12, 'B')]
    [InlineData(13, 'C')]
    [InlineData(43, 'C')]
    [InlineData(52, 'F')]
    [InlineData(66, 'J')]
    [InlineData(70, 'K')]
    [InlineData(79, 'N')]
    [InlineData(83, 'P')]
    [InlineData(96, 'S')]
    [InlineData(97, 'T')]
    public void PlacesDivisionsInTheirSections(int division, char section) =>
        Assert.Equal(section, IndustryClassification.SectionOfDivision(division)!.Letter);

    [Theory]
    [InlineData("C", "C")]
    [InlineData("c39", "C39")]
    [InlineData("39", "C39")]
    [InlineData(" J66 ", "J66")]
    public void ParsesSectionsAndDivisions(string text, string expected) => Assert.Equal(expected, IndustryCode.Parse(text).ToString());

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("U", "does not exist")]
    [InlineData("C3", "two digits")]
    [InlineData("98", "does not exist")]
    [InlineData("J39", "belongs to section C")]
    public void RejectsInvalidCodesWithAReason(string text, string expected)
    {
        Assert.False(IndustryCode.TryParse(text, out _, out var reason));
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("C", "C39", true)]
    [InlineData("C", "C", true)]
    [InlineData("C39", "C39", true)]
    [InlineData("C39", "C38", false)]
    [InlineData("C39", "C", false)]
    [InlineData("J", "C39", false)]
    public void MatchesEnterprisesInsideTheFilter(string filter, string enterprise, bool expected) =>
        Assert.Equal(expected, IndustryCode.Parse(filter).Matches(IndustryCode.Parse(enterprise)));

    [Theory]
    [InlineData("C39", "C", true)]
    [InlineData("C", "C39", true)]
    [InlineData("C39", "C38", false)]
    [InlineData("J", "C", false)]
    public void OverlapsWhenTheCodesCanDescribeTheSameActivity(string a, string b, bool expected) =>
        Assert.Equal(expected, IndustryCode.Parse(a).Overlaps(IndustryCode.Parse(b)));
}

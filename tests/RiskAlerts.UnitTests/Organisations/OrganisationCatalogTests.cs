using Microsoft.Extensions.Options;
using RiskAlerts.Core.Organisations;
using RiskAlerts.Core.Regions;

namespace RiskAlerts.UnitTests.Organisations;

public sealed class OrganisationCatalogTests
{
    private static readonly OrganisationOptionsValidator Validator = new(RegionCatalog.Default);

    [Fact]
    public void DefaultsToJilinsProvinceAndCityCentresAndItsMonitoringPlatform()
    {
        var catalog = new OrganisationCatalog(Options.Create(new OrganisationOptions()));

        Assert.Equal("吉林省反电信诈骗中心", catalog.Find("jilin-province-centre")!.Name);
        Assert.Equal([RegionCode.Parse("220100")], catalog.Find("changchun-centre")!.Jurisdiction);
        Assert.Null(catalog.Find("beijing-centre"));
        Assert.True(Validator.Validate(null, new OrganisationOptions()).Succeeded);
    }

    [Theory]
    [InlineData("220100", "220100", true)]
    [InlineData("220100", "220102", true)]
    [InlineData("220100", "220000", false)]
    [InlineData("220100", "220202", false)]
    [InlineData("220000", "220202", true)]
    [InlineData("220000", "210000", false)]
    public void JurisdictionCoversARegionOnlyWhenItLiesWhollyInside(string jurisdiction, string region, bool covered)
    {
        var centre = new IssuingOrganisation("centre", "中心", [RegionCode.Parse(jurisdiction)]);

        Assert.Equal(covered, centre.Covers(RegionCode.Parse(region)));
    }

    [Fact]
    public void ConfiguredOrganisationsReplaceTheDefaults()
    {
        var catalog = new OrganisationCatalog(Options.Create(Configured(("liaoning-province-centre", "辽宁省反电信诈骗中心", ["210000"]))));

        Assert.NotNull(catalog.Find("liaoning-province-centre"));
        Assert.Null(catalog.Find("jilin-province-centre"));
    }

    [Fact]
    public void RefusesAtStartDuplicateCodesAndNamesUnknownRegionsAndAnEmptyJurisdiction()
    {
        var result = Validator.Validate(null, Configured(
            ("a-centre", "甲中心", ["220100"]),
            ("a-centre", "乙中心", ["229900"]),
            ("b-centre", "甲中心", ["22"]),
            ("Bad Code", "丙中心", []),
            ("c-centre", "", ["220100"])));

        Assert.True(result.Failed);
        var failures = string.Join("\n", result.Failures!);
        Assert.Contains("code 'a-centre' is defined 2 times", failures, StringComparison.Ordinal);
        Assert.Contains("name '甲中心' is used 2 times", failures, StringComparison.Ordinal);
        Assert.Contains("Organisations:1:Jurisdiction:0: '229900'", failures, StringComparison.Ordinal);
        Assert.Contains("Organisations:2:Jurisdiction:0: '22'", failures, StringComparison.Ordinal);
        Assert.Contains("Organisations:3: An organisation code is lower-case words", failures, StringComparison.Ordinal);
        Assert.Contains("Organisations:3: An organisation needs at least one region", failures, StringComparison.Ordinal);
        Assert.Contains("Organisations:4: The Name field is required.", failures, StringComparison.Ordinal);
    }

    private static OrganisationOptions Configured(params (string Code, string Name, string[] Jurisdiction)[] organisations) => new()
    {
        Organisations = [.. organisations.Select(o => new OrganisationDefinition { Code = o.Code, Name = o.Name, Jurisdiction = [.. o.Jurisdiction] })],
    };
}

using RiskAlerts.Core.Organisations;
using RiskAlerts.Core.Regions;

namespace RiskAlerts.IntegrationTests.Fixtures;

/// <summary>
/// The issuing organisations the test stack is configured with: Jilin's province and city centres
/// and its monitoring platform (the product's defaults), and a centre whose jurisdiction is every
/// province, which the tests' principals belong to unless a test names another: the delivery tests
/// each use a county of their own, across the country, so that no test's warning reaches another's
/// contacts.
/// </summary>
public static class TestOrganisations
{
    public const string Nationwide = "test-nationwide-centre";
    public const string NationwideName = "全国测试反诈中心";
    public const string JilinProvince = "jilin-province-centre";
    public const string JilinProvinceName = "吉林省反电信诈骗中心";
    public const string Changchun = "changchun-centre";
    public const string ChangchunName = "长春市反电信诈骗中心";
    public const string JilinCity = "jilin-city-centre";
    public const string Monitor = "jilin-risk-monitor";

    /// <summary>The organisations as configuration entries under <see cref="OrganisationOptions.SectionName"/>.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        var all = OrganisationOptions.DefaultOrganisations
            .Select(o => (o.Code, o.Name, Jurisdiction: (IReadOnlyList<string>)[.. o.Jurisdiction]))
            .Append((Nationwide, NationwideName, [.. RegionCatalog.Default.Provinces.Select(p => p.ToString())]))
            .ToList();
        for (var i = 0; i < all.Count; i++)
        {
            var prefix = $"{OrganisationOptions.SectionName}:Organisations:{i}:";
            yield return new(prefix + "Code", all[i].Code);
            yield return new(prefix + "Name", all[i].Name);
            for (var j = 0; j < all[i].Jurisdiction.Count; j++)
            {
                yield return new($"{prefix}Jurisdiction:{j}", all[i].Jurisdiction[j]);
            }
        }
    }
}

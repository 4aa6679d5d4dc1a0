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

    /// <summary>A platform whose signals are planned at once, whatever their size or severity.</summary>
    public const string TrustedFeed = "test-trusted-feed";

    /// <summary>A platform whose every signal waits for an approver.</summary>
    public const string HeldFeed = "test-held-feed";

    /// <summary>The organisations as configuration entries under <see cref="OrganisationOptions.SectionName"/>.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        IReadOnlyList<string> everywhere = [.. RegionCatalog.Default.Provinces.Select(p => p.ToString())];
        List<(string Code, string Name, IReadOnlyList<string> Jurisdiction, SignalApproval Signals)> all =
        [
            .. OrganisationOptions.DefaultOrganisations.Select(o => (o.Code, o.Name, (IReadOnlyList<string>)[.. o.Jurisdiction], SignalApproval.AsAnalysts)),
            (Nationwide, NationwideName, everywhere, SignalApproval.AsAnalysts),
            (TrustedFeed, "全国测试可信监测平台", everywhere, SignalApproval.AutoApproved),
            (HeldFeed, "全国测试待审监测平台", everywhere, SignalApproval.Held),
        ];
        for (var i = 0; i < all.Count; i++)
        {
            var prefix = $"{OrganisationOptions.SectionName}:Organisations:{i}:";
            yield return new(prefix + "Code", all[i].Code);
            yield return new(prefix + "Name", all[i].Name);
            yield return new(prefix + "SignalApproval", all[i].Signals.ToString());
            for (var j = 0; j < all[i].Jurisdiction.Count; j++)
            {
                yield return new($"{prefix}Jurisdiction:{j}", all[i].Jurisdiction[j]);
            }
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RiskAlerts.Core.Security;
using RiskAlerts.IntegrationTests.Enterprises;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Warnings;

[Collection(LocalStackCollection.Name)]
public sealed class PreviewWarningTests(LocalStackFixture stack) : IDisposable
{
    private readonly HttpClient _admin = stack.ClientFor(Role.Admin);
    private readonly HttpClient _analyst = stack.ClientFor(Role.Analyst);

    [Fact]
    public async Task PreviewCountsTheTargetedAudienceAndWritesNothing()
    {
        var first = await EnterpriseTestData.RegisterAsync(_admin, "222401");
        var second = await EnterpriseTestData.RegisterAsync(_admin, "222401");
        var warningsBefore = await CountWarningsAsync();
        var queuedBefore = (await QueueProbe.PeekAllAsync(stack.ServiceBus, "warnings")).Count;

        var response = await _analyst.PostAsJsonAsync(
            "/api/warnings/preview",
            new { category = "telecom-fraud", headline = "预览", description = "d", severity = "Extreme", targets = new[] { first, second } },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(2, preview.GetProperty("totalEnterprises").GetInt32());
        Assert.Equal(2, preview.GetProperty("explicitTargetEnterprises").GetInt32());

        // Each registration has a legal representative on SMS and email and a finance contact on SMS.
        Assert.Equal(6, preview.GetProperty("totalRecipients").GetInt32());
        Assert.Equal(4, preview.GetProperty("byChannel").GetProperty("sms").GetInt32());
        Assert.Equal(2, preview.GetProperty("byChannel").GetProperty("email").GetInt32());
        Assert.Equal(0, preview.GetProperty("deferredByQuietHours").GetInt32());
        var prefecture = Assert.Single(preview.GetProperty("byPrefecture").EnumerateArray());
        Assert.Equal("222400", prefecture.GetProperty("code").GetString());
        Assert.All(preview.GetProperty("sample").EnumerateArray(), r => Assert.Contains("*", r.GetProperty("maskedAddress").GetString(), StringComparison.Ordinal));
        Assert.All(preview.GetProperty("sample").EnumerateArray(), r => Assert.Equal("长春测试科技有限公司", r.GetProperty("enterpriseName").GetString()));
        Assert.Equal(warningsBefore, await CountWarningsAsync());
        Assert.Equal(queuedBefore, (await QueueProbe.PeekAllAsync(stack.ServiceBus, "warnings")).Count);
    }

    [Fact]
    public async Task PreviewOfARegionIncludesItsRegisteredEnterprises()
    {
        await EnterpriseTestData.RegisterAsync(_admin, "222402");

        var response = await _analyst.PostAsJsonAsync(
            "/api/warnings/preview",
            new { category = "illegal-fundraising", headline = "预览", description = "d", severity = "Severe", regions = new[] { "222400" } },
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.True(preview.GetProperty("totalEnterprises").GetInt32() >= 1);

        // Enterprises elsewhere whose interest was widened to the whole province count too, under their own prefecture.
        var yanbian = Assert.Single(preview.GetProperty("byPrefecture").EnumerateArray(), p => p.GetProperty("code").GetString() == "222400");
        Assert.True(yanbian.GetProperty("enterprises").GetInt32() >= 1);
    }

    [Fact]
    public async Task InvalidPreviewIsRefusedLikeASubmission()
    {
        var response = await _analyst.PostAsJsonAsync("/api/warnings/preview", new { category = "telecom-fraud", headline = "h", description = "d", severity = "Severe", regions = new[] { "229999" } }, TestContext.Current.CancellationToken);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("regions[0]", ProblemAssertions.ErrorFields(problem));
    }

    public void Dispose()
    {
        _admin.Dispose();
        _analyst.Dispose();
    }

    private Task<int> CountWarningsAsync() => TableProbe.CountRowsAsync(stack.Tables, "Warnings");
}

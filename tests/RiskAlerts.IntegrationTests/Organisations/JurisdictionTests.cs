using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RiskAlerts.Core.Security;
using RiskAlerts.IntegrationTests.Enterprises;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Organisations;

/// <summary>
/// A city centre warns only its city, and acts only on its own warnings; the province centre's
/// warnings are invisible to it. Refusals are 403 problem+json naming the fields, and write nothing.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class JurisdictionTests(LocalStackFixture stack) : IDisposable
{
    private readonly HttpClient _admin = stack.ClientFor(Role.Admin);
    private readonly HttpClient _changchun = stack.ClientFor(Role.Analyst, name: "changchun-analyst", organisation: TestOrganisations.Changchun);
    private readonly HttpClient _province = stack.ClientFor(Role.Analyst, name: "province-analyst", organisation: TestOrganisations.JilinProvince);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> OutsideChangchun() => new()
    {
        { """{"regions":["220000"]}""", "regions[0]" },
        { """{"regions":["220202"]}""", "regions[0]" },
        { """{"regions":["220102","220200"]}""", "regions[1]" },
        { """{"regions":["110000"]}""", "regions[0]" },
    };

    [Theory]
    [MemberData(nameof(OutsideChangchun))]
    public async Task CityCentreTargetingBeyondItsCityIsForbiddenAndNothingIsWritten(string regions, string field)
    {
        var warningsBefore = await CountWarningsAsync();
        var queuedBefore = (await QueueProbe.PeekAllAsync(stack.ServiceBus, "warnings")).Count;

        using var response = await _changchun.PostAsync("/api/warnings", WarningBody(regions), Cancellation);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal([field], ProblemAssertions.ErrorFields(problem));
        Assert.Contains(TestOrganisations.ChangchunName, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(warningsBefore, await CountWarningsAsync());
        Assert.Equal(queuedBefore, (await QueueProbe.PeekAllAsync(stack.ServiceBus, "warnings")).Count);
    }

    [Fact]
    public async Task CityCentreMayNotPreviewTheProvinceEither()
    {
        using var response = await _changchun.PostAsync("/api/warnings/preview", WarningBody("""{"regions":["220000"]}"""), Cancellation);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(["regions[0]"], ProblemAssertions.ErrorFields(problem));
    }

    [Fact]
    public async Task CityCentreMayTargetOnlyEnterprisesRegisteredInsideItsCity()
    {
        var inChangchun = await EnterpriseTestData.RegisterAsync(_admin, "220103");
        var inJilinCity = await EnterpriseTestData.RegisterAsync(_admin, "220202");
        var unregistered = EnterpriseTestData.NewUscc("220103");
        var warningsBefore = await CountWarningsAsync();

        using var refused = await _changchun.PostAsync("/api/warnings", WarningBody($$"""{"targets":["{{inChangchun}}","{{inJilinCity}}","{{unregistered}}"]}"""), Cancellation);

        var problem = await ProblemAssertions.AssertProblemAsync(refused, HttpStatusCode.Forbidden);
        Assert.Equal(["targets[1]", "targets[2]"], ProblemAssertions.ErrorFields(problem));
        Assert.Equal(warningsBefore, await CountWarningsAsync());

        using var accepted = await _changchun.PostAsync("/api/warnings", WarningBody($$"""{"targets":["{{inChangchun}}"]}"""), Cancellation);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    [Fact]
    public async Task WarningInsideTheJurisdictionIsAcceptedAsTheOrganisations()
    {
        using var response = await _changchun.PostAsync("/api/warnings", WarningBody("""{"regions":["220102","220100"]}"""), Cancellation);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var warning = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)).RootElement;
        Assert.Equal(TestOrganisations.Changchun, warning.GetProperty("organisation").GetString());
        Assert.Equal(TestOrganisations.ChangchunName, warning.GetProperty("organisationName").GetString());
    }

    [Fact]
    public async Task CityCentreCannotReadFollowListOrRetractTheProvinceCentresWarning()
    {
        var id = await SubmitAsync(_province, """{"regions":["220000"]}""");
        using var colleague = stack.ClientFor(Role.Analyst, name: "another-province-analyst", organisation: TestOrganisations.JilinProvince);

        await ProblemAssertions.AssertProblemAsync(await _changchun.GetAsync($"/api/warnings/{id}", Cancellation), HttpStatusCode.NotFound);
        await ProblemAssertions.AssertProblemAsync(await _changchun.GetAsync($"/api/warnings/{id}/deliveries", Cancellation), HttpStatusCode.NotFound);
        await ProblemAssertions.AssertProblemAsync(
            await _changchun.PostAsJsonAsync($"/api/warnings/{id}/retract", new { reason = "不是我们的预警" }, Cancellation),
            HttpStatusCode.NotFound);
        Assert.DoesNotContain(id, await ListedIdsAsync(_changchun));

        // The province centre's own principals, another analyst too, see it; it was not retracted.
        using var read = await colleague.GetAsync($"/api/warnings/{id}", Cancellation);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("Accepted", JsonDocument.Parse(await read.Content.ReadAsStringAsync(Cancellation)).RootElement.GetProperty("status").GetString());
        Assert.Contains(id, await ListedIdsAsync(colleague));
        using var operatorRead = await stack.ClientFor(Role.Operator, organisation: null).GetAsync($"/api/warnings/{id}", Cancellation);
        Assert.Equal(HttpStatusCode.OK, operatorRead.StatusCode);
    }

    [Fact]
    public async Task ProvinceCentreRetractsItsColleaguesWarning()
    {
        var id = await SubmitAsync(_province, """{"regions":["220200"]}""");
        using var colleague = stack.ClientFor(Role.Analyst, name: "another-province-analyst", organisation: TestOrganisations.JilinProvince);

        using var retract = await colleague.PostAsJsonAsync($"/api/warnings/{id}/retract", new { reason = "信息有误" }, Cancellation);

        Assert.Equal(HttpStatusCode.OK, retract.StatusCode);
        Assert.Equal("Cancelled", JsonDocument.Parse(await retract.Content.ReadAsStringAsync(Cancellation)).RootElement.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("no-such-centre")]
    public async Task AnalystOfNoConfiguredOrganisationMayNotIssue(string? organisation)
    {
        using var stranger = stack.ClientFor(Role.Analyst, name: "stranger", organisation: organisation);
        var warningsBefore = await CountWarningsAsync();

        using var response = await stranger.PostAsync("/api/warnings", WarningBody("""{"regions":["220102"]}"""), Cancellation);

        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(warningsBefore, await CountWarningsAsync());
    }

    [Fact]
    public async Task PlatformSignalOutsideItsJurisdictionIsRejectedAndTheOthersAccepted()
    {
        using var platform = stack.ClientFor(Role.Platform, name: "jilin-monitor-platform", organisation: TestOrganisations.Monitor);
        var inside = $"sig-in-{Guid.NewGuid():N}";
        var outside = $"sig-out-{Guid.NewGuid():N}";

        using var response = await platform.PostAsJsonAsync(
            "/api/signals",
            new
            {
                items = new object[]
                {
                    new { externalId = inside, category = "telecom-fraud", headline = "h", description = "d", severity = "Moderate", regions = new[] { "220102" } },
                    new { externalId = outside, category = "telecom-fraud", headline = "h", description = "d", severity = "Moderate", regions = new[] { "210000" } },
                },
            },
            Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)).RootElement.GetProperty("results");
        Assert.Equal("Accepted", results[0].GetProperty("outcome").GetString());
        Assert.Equal("Rejected", results[1].GetProperty("outcome").GetString());
        Assert.Equal("items[1].regions[0]", Assert.Single(results[1].GetProperty("errors").EnumerateArray()).GetProperty("field").GetString());
    }

    public void Dispose()
    {
        _admin.Dispose();
        _changchun.Dispose();
        _province.Dispose();
    }

    /// <summary>A valid warning body with the audience fields of <paramref name="audience"/>.</summary>
    private static StringContent WarningBody(string audience)
    {
        var body = System.Text.Json.Nodes.JsonNode.Parse("""{"category":"telecom-fraud","headline":"冒充客服退款诈骗预警","description":"有人冒充电商客服以退款为名诱导转账。","severity":"Moderate"}""")!.AsObject();
        foreach (var (name, value) in System.Text.Json.Nodes.JsonNode.Parse(audience)!.AsObject().ToList())
        {
            body[name] = value?.DeepClone();
        }

        return EnterpriseTestData.Json(body);
    }

    private static async Task<string> SubmitAsync(HttpClient analyst, string audience)
    {
        using var response = await analyst.PostAsync("/api/warnings", WarningBody(audience), Cancellation);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)).RootElement.GetProperty("id").GetString()!;
    }

    private static async Task<List<string>> ListedIdsAsync(HttpClient client)
    {
        var ids = new List<string>();
        string? token = null;
        do
        {
            var page = JsonDocument.Parse(await client.GetStringAsync($"/api/warnings?pageSize=200{(token is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(token))}", Cancellation)).RootElement;
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(w => w.GetProperty("id").GetString()!));
            token = page.TryGetProperty("continuationToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (token is not null);
        return ids;
    }

    private Task<int> CountWarningsAsync() => TableProbe.CountRowsAsync(stack.Tables, "Warnings");
}

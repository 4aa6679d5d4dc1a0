using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RiskAlerts.Core.Security;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Warnings;

[Collection(LocalStackCollection.Name)]
public sealed class WarningLifecycleTests(LocalStackFixture stack) : IDisposable
{
    private readonly HttpClient _analyst = stack.ClientFor(Role.Analyst, name: "analyst-wang");
    private readonly HttpClient _platform = stack.ClientFor(Role.Platform, name: "jilin-risk-platform", organisation: TestOrganisations.Monitor);

    private static object Warning(string headline, string region = "220100") => new
    {
        category = "illegal-fundraising",
        headline,
        description = "以高额回报为诱饵吸收公众资金。",
        severity = "Moderate",
        regions = new[] { region },
    };

    [Fact]
    public async Task SameIdempotencyKeyAndBodyGivesTheSameWarning()
    {
        var key = Guid.NewGuid().ToString("N");
        var body = Warning("非法集资预警 " + key);

        var first = await SubmitAsync(body, key);
        var second = await SubmitAsync(body, key);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var id = await IdOf(first);
        Assert.Equal(id, await IdOf(second));
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        var queued = await QueueProbe.PeekAllAsync(stack.ServiceBus, "warnings");
        Assert.Single(queued, m => m.MessageId == id);
    }

    [Fact]
    public async Task SameIdempotencyKeyWithAnotherBodyIsAConflict()
    {
        var key = Guid.NewGuid().ToString("N");
        var first = await SubmitAsync(Warning("第一条 " + key), key);

        var second = await SubmitAsync(Warning("另一条 " + key), key);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        await ProblemAssertions.AssertProblemAsync(second, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task DifferentCallersMayUseTheSameIdempotencyKey()
    {
        var key = Guid.NewGuid().ToString("N");
        using var otherAnalyst = stack.ClientFor(Role.Analyst, name: "analyst-zhao");

        var mine = await SubmitAsync(Warning("甲 " + key), key);
        var theirs = await otherAnalyst.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/warnings") { Content = JsonContent.Create(Warning("乙 " + key)), Headers = { { "Idempotency-Key", key } } }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, theirs.StatusCode);
        Assert.NotEqual(await IdOf(mine), await IdOf(theirs));
    }

    [Fact]
    public async Task RetractedWarningIsCancelledWithWhoAndWhy()
    {
        var id = await IdOf(await SubmitAsync(Warning("待撤回预警"), null));

        var retracted = await _analyst.PostAsJsonAsync($"/api/warnings/{id}/retract", new { reason = "误报" }, TestContext.Current.CancellationToken);
        var again = await _analyst.PostAsJsonAsync($"/api/warnings/{id}/retract", new { reason = "误报" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, retracted.StatusCode);
        var warning = await JsonAsync(retracted);
        Assert.Equal("Cancelled", warning.GetProperty("status").GetString());
        Assert.Equal("analyst-wang", warning.GetProperty("retractedBy").GetString());
        Assert.Equal("误报", warning.GetProperty("retractionReason").GetString());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(warning.GetProperty("retractedAt").GetDateTimeOffset(), (await JsonAsync(again)).GetProperty("retractedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task RetractWithoutReasonIsRefused()
    {
        var id = await IdOf(await SubmitAsync(Warning("缺少理由"), null));

        var response = await _analyst.PostAsJsonAsync($"/api/warnings/{id}/retract", new { }, TestContext.Current.CancellationToken);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("reason", ProblemAssertions.ErrorFields(problem));
        var stored = await JsonAsync(await _analyst.GetAsync($"/api/warnings/{id}", TestContext.Current.CancellationToken));
        Assert.Equal("Accepted", stored.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ListFiltersByStatusAndPagesWithAContinuationToken()
    {
        var marker = Guid.NewGuid().ToString("N");
        for (var i = 0; i < 3; i++)
        {
            await SubmitAsync(Warning($"分页 {marker} {i}"), null);
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var url = "/api/warnings?status=Accepted&category=illegal-fundraising&pageSize=2" + (token is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(token));
            var page = await JsonAsync(await _analyst.GetAsync(url, TestContext.Current.CancellationToken));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(w => w.GetProperty("headline").GetString()!));
            Assert.All(page.GetProperty("items").EnumerateArray(), w => Assert.Equal("Accepted", w.GetProperty("status").GetString()));
            token = page.TryGetProperty("continuationToken", out var next) ? next.GetString() : null;
            pages++;
        }
        while (token is not null && pages < 100);

        Assert.Equal(3, seen.Count(h => h.Contains(marker, StringComparison.Ordinal)));
        Assert.True(pages >= 2, "three or more warnings in pages of two need more than one page");
    }

    [Fact]
    public async Task ListShowsTheNewestWarningFirst()
    {
        var marker = Guid.NewGuid().ToString("N");
        var submitted = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            submitted.Add(await IdOf(await SubmitAsync(Warning($"先后 {marker} {i}"), null)));
        }

        var page = await JsonAsync(await _analyst.GetAsync($"/api/warnings?q={marker}&pageSize=10", TestContext.Current.CancellationToken));
        var listed = page.GetProperty("items").EnumerateArray().Select(w => w.GetProperty("id").GetString()!).ToList();

        Assert.Equal(Enumerable.Reverse(submitted), listed);
    }

    [Fact]
    public async Task ListFiltersBySeverityAndTextInTheHeadlineInEitherWidthAndPagesToTheEnd()
    {
        var marker = $"冒充{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";
        var fullWidth = string.Concat(marker.Select(c => c is >= '0' and <= '9' or >= 'A' and <= 'Z' ? (char)(c + 0xFEE0) : c));
        await SubmitAsync(Warning($"{marker}客服退款诈骗预警"), null);
        await SubmitAsync(Warning($"{fullWidth}公检法诈骗预警"), null);
        await SubmitAsync(new { category = "illegal-fundraising", headline = $"{marker}严重预警", description = "d", severity = "Severe", regions = new[] { "220100" } }, null);
        await SubmitAsync(Warning("无关的预警 " + Guid.NewGuid().ToString("N")), null);

        async Task<List<JsonElement>> ListAllAsync(string query)
        {
            var found = new List<JsonElement>();
            string? token = null;
            var pages = 0;
            do
            {
                var url = $"/api/warnings?{query}&pageSize=5" + (token is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(token));
                var page = await JsonAsync(await _analyst.GetAsync(url, TestContext.Current.CancellationToken));
                found.AddRange(page.GetProperty("items").EnumerateArray());
                token = page.TryGetProperty("continuationToken", out var next) ? next.GetString() : null;
            }
            while (token is not null && ++pages < 200);

            return found;
        }

        var byText = await ListAllAsync($"q={Uri.EscapeDataString(marker.ToLowerInvariant())}");
        var severeByText = await ListAllAsync($"q={Uri.EscapeDataString(marker)}&severity=Severe");

        Assert.Equal(3, byText.Count);
        Assert.All(byText, w => Assert.Contains("预警", w.GetProperty("headline").GetString(), StringComparison.Ordinal));
        Assert.Equal([$"{marker}严重预警"], severeByText.Select(w => w.GetProperty("headline").GetString()));
    }

    [Theory]
    [InlineData("severity=Terrible", "severity")]
    [InlineData("severity=extreme", "severity")]
    public async Task ListWithAnUnknownSeverityIsRefusedAtTheParameter(string query, string field)
    {
        var response = await _analyst.GetAsync($"/api/warnings?{query}", TestContext.Current.CancellationToken);

        Assert.Contains(field, ProblemAssertions.ErrorFields(await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task ListWithTextLongerThanAHeadlineIsRefusedWithTheLimit()
    {
        var response = await _analyst.GetAsync($"/api/warnings?q={new string('诈', 121)}", TestContext.Current.CancellationToken);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(("q", "TooLong", 120), (error.GetProperty("field").GetString(), error.GetProperty("code").GetString(), error.GetProperty("limit").GetInt32()));
    }

    [Fact]
    public async Task ListWithUnknownParameterOrBadPageSizeIsRefused()
    {
        var unknown = await _analyst.GetAsync("/api/warnings?colour=red", TestContext.Current.CancellationToken);
        var badSize = await _analyst.GetAsync("/api/warnings?pageSize=1000", TestContext.Current.CancellationToken);

        Assert.Contains("colour", ProblemAssertions.ErrorFields(await ProblemAssertions.AssertProblemAsync(unknown, HttpStatusCode.BadRequest)));
        Assert.Contains("pageSize", ProblemAssertions.ErrorFields(await ProblemAssertions.AssertProblemAsync(badSize, HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task SignalsAreJudgedOneByOneAndAreIdempotentByExternalId()
    {
        var batch = Guid.NewGuid().ToString("N");
        var body = new
        {
            items = new object[]
            {
                new { externalId = $"{batch}-1", category = "investment-risk", headline = "虚假投资平台", description = "d", severity = "Severe", regions = new[] { "220102" } },
                new { externalId = $"{batch}-2", category = "investment-risk", headline = "坏区域", description = "d", severity = "Severe", regions = new[] { "999999" } },
                new { category = "investment-risk", headline = "缺少外部编号", description = "d", severity = "Severe", regions = new[] { "220102" } },
            },
        };

        var first = await JsonAsync(await _platform.PostAsJsonAsync("/api/signals", body, TestContext.Current.CancellationToken));
        var resent = await JsonAsync(await _platform.PostAsJsonAsync("/api/signals", body, TestContext.Current.CancellationToken));

        Assert.Equal(1, first.GetProperty("accepted").GetInt32());
        Assert.Equal(2, first.GetProperty("rejected").GetInt32());
        var results = first.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal("Accepted", results[0].GetProperty("outcome").GetString());
        Assert.Equal("items[1].regions[0]", results[1].GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal("items[2].externalId", results[2].GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal(0, resent.GetProperty("accepted").GetInt32());
        Assert.Equal(1, resent.GetProperty("duplicates").GetInt32());
        Assert.Equal(results[0].GetProperty("warningId").GetString(), resent.GetProperty("results")[0].GetProperty("warningId").GetString());

        var warning = await JsonAsync(await _platform.GetAsync($"/api/warnings/{results[0].GetProperty("warningId").GetString()}", TestContext.Current.CancellationToken));
        Assert.Equal("jilin-risk-platform", warning.GetProperty("source").GetString());
        Assert.Equal($"{batch}-1", warning.GetProperty("externalId").GetString());
    }

    [Fact]
    public async Task MoreThanFiveHundredSignalsAreRefusedWhole()
    {
        var items = Enumerable.Range(0, 501).Select(i => new { externalId = $"x-{i}", category = "investment-risk", headline = "h", description = "d", severity = "Minor", regions = new[] { "220102" } });

        var response = await _platform.PostAsJsonAsync("/api/signals", new { items }, TestContext.Current.CancellationToken);

        Assert.Contains("items", ProblemAssertions.ErrorFields(await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest)));
    }

    [Fact]
    public async Task PlatformSeesOnlyItsOrganisationsWarnings()
    {
        var analystWarning = await IdOf(await SubmitAsync(Warning("分析员预警"), null));

        var response = await _platform.GetAsync($"/api/warnings/{analystWarning}", TestContext.Current.CancellationToken);

        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    public void Dispose()
    {
        _analyst.Dispose();
        _platform.Dispose();
    }

    private Task<HttpResponseMessage> SubmitAsync(object body, string? idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/warnings") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return _analyst.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<string> IdOf(HttpResponseMessage response) => (await JsonAsync(response)).GetProperty("id").GetString()!;

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RiskAlerts.Core.Security;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Warnings;

/// <summary>
/// The front door of CAP Update and Cancel (no consumers run here, so what would be planned is what
/// the <c>warnings</c> queue holds). What reaches whom is shown by the delivery tests.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class FollowUpWarningTests(LocalStackFixture stack) : IDisposable
{
    private readonly HttpClient _analyst = stack.ClientFor(Role.Analyst, name: "analyst-follow-up");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UpdateIsANewWarningThatReferencesTheEarlierKeepsWhatItDoesNotChangeAndIsQueued()
    {
        var earlier = await SubmitAsync(_analyst, "220102");
        var id = earlier.GetProperty("id").GetString()!;

        using var response = await PostAsync(_analyst, $"/api/warnings/{id}/updates", new { headline = "集资诈骗预警（更正）", regions = new[] { "220102", "220103" } }, key: null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var update = await JsonAsync(response);
        var updateId = update.GetProperty("id").GetString()!;
        Assert.NotEqual(id, updateId);
        Assert.Equal($"/api/warnings/{updateId}", response.Headers.Location?.OriginalString);
        Assert.Equal(("Update", "集资诈骗预警（更正）", "以高额回报为诱饵吸收公众资金。", "illegal-fundraising", "Accepted"), (update.GetProperty("messageType").GetString(), update.GetProperty("headline").GetString(), update.GetProperty("description").GetString(), update.GetProperty("category").GetString(), update.GetProperty("status").GetString()));
        Assert.Equal(["220102", "220103"], update.GetProperty("regions").EnumerateArray().Select(r => r.GetString()));
        var reference = Assert.Single(update.GetProperty("references").EnumerateArray());
        Assert.Equal((id, earlier.GetProperty("headline").GetString()), (reference.GetProperty("id").GetString(), reference.GetProperty("headline").GetString()));
        Assert.Equal("Alert", earlier.GetProperty("messageType").GetString());
        Assert.Contains(await QueueProbe.PeekAllAsync(stack.ServiceBus, "warnings"), m => m.MessageId == updateId);
    }

    [Fact]
    public async Task CancelCarriesItsReasonAndTheSameIdempotencyKeyGivesTheSameCancelWhileAnotherReasonIsAConflict()
    {
        var id = (await SubmitAsync(_analyst, "220102")).GetProperty("id").GetString()!;
        var key = Guid.NewGuid().ToString("N");

        using var first = await PostAsync(_analyst, $"/api/warnings/{id}/cancel", new { reason = "误报，已核实" }, key);
        using var second = await PostAsync(_analyst, $"/api/warnings/{id}/cancel", new { reason = "误报，已核实" }, key);
        using var other = await PostAsync(_analyst, $"/api/warnings/{id}/cancel", new { reason = "另一个理由" }, key);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var cancel = await JsonAsync(first);
        Assert.Equal(("Cancel", "误报，已核实"), (cancel.GetProperty("messageType").GetString(), cancel.GetProperty("description").GetString()));
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(cancel.GetProperty("id").GetString(), (await JsonAsync(second)).GetProperty("id").GetString());
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        await ProblemAssertions.AssertProblemAsync(other, HttpStatusCode.Conflict);
        Assert.Equal(1, await FollowUpsOfAsync(id));
    }

    [Theory]
    [InlineData("cancel", """{}""", "reason")]
    [InlineData("cancel", """{ "reason": "   " }""", "reason")]
    [InlineData("updates", """{ "regions": ["22"] }""", "regions[0]")]
    [InlineData("updates", """{ "severity": "Huge" }""", "severity")]
    [InlineData("updates", """{ "expiresAt": "2020-01-01T00:00:00Z" }""", "expiresAt")]
    public async Task BadFollowUpIsAProblemNamingTheFieldAndNothingIsWritten(string action, string body, string field)
    {
        var id = (await SubmitAsync(_analyst, "220102")).GetProperty("id").GetString()!;

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/warnings/{id}/{action}") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        using var response = await _analyst.SendAsync(request, Ct);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(field, ProblemAssertions.ErrorFields(problem));
        Assert.Equal(0, await FollowUpsOfAsync(id));
    }

    [Fact]
    public async Task RetractedWarningCanNeitherBeUpdatedNorCancelled()
    {
        var id = (await SubmitAsync(_analyst, "220102")).GetProperty("id").GetString()!;
        using var retracted = await _analyst.PostAsJsonAsync($"/api/warnings/{id}/retract", new { reason = "尚未发出，撤回" }, Ct);
        Assert.Equal(HttpStatusCode.OK, retracted.StatusCode);

        using var update = await PostAsync(_analyst, $"/api/warnings/{id}/updates", new { headline = "更正" }, key: null);
        using var cancel = await PostAsync(_analyst, $"/api/warnings/{id}/cancel", new { reason = "解除" }, key: null);

        await ProblemAssertions.AssertProblemAsync(update, HttpStatusCode.Conflict);
        await ProblemAssertions.AssertProblemAsync(cancel, HttpStatusCode.Conflict);
        Assert.Equal(0, await FollowUpsOfAsync(id));
    }

    [Fact]
    public async Task CancelIsTheLastWordItCanNeitherBeUpdatedNorCancelledAgain()
    {
        var id = (await SubmitAsync(_analyst, "220102")).GetProperty("id").GetString()!;
        using var cancelled = await PostAsync(_analyst, $"/api/warnings/{id}/cancel", new { reason = "误报" }, key: null);
        Assert.Equal(HttpStatusCode.Accepted, cancelled.StatusCode);
        var cancelId = (await JsonAsync(cancelled)).GetProperty("id").GetString()!;

        using var update = await PostAsync(_analyst, $"/api/warnings/{cancelId}/updates", new { headline = "更正解除" }, key: null);
        using var cancel = await PostAsync(_analyst, $"/api/warnings/{cancelId}/cancel", new { reason = "再次解除" }, key: null);

        await ProblemAssertions.AssertProblemAsync(update, HttpStatusCode.Conflict);
        await ProblemAssertions.AssertProblemAsync(cancel, HttpStatusCode.Conflict);
        Assert.Equal(0, await FollowUpsOfAsync(cancelId));
    }

    [Fact]
    public async Task CityCentreMayNotWidenItsWarningBeyondItsCity()
    {
        using var changchun = stack.ClientFor(Role.Analyst, name: "changchun-follow-up", organisation: TestOrganisations.Changchun);
        var id = (await SubmitAsync(changchun, "220102")).GetProperty("id").GetString()!;

        using var response = await PostAsync(changchun, $"/api/warnings/{id}/updates", new { regions = new[] { "220000" } }, key: null);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(["regions[0]"], ProblemAssertions.ErrorFields(problem));
        Assert.Equal(0, await FollowUpsOfAsync(id));
    }

    public void Dispose() => _analyst.Dispose();

    private static async Task<JsonElement> SubmitAsync(HttpClient client, string region)
    {
        using var response = await client.PostAsJsonAsync(
            "/api/warnings",
            new { category = "illegal-fundraising", headline = "集资诈骗预警 " + Guid.NewGuid().ToString("N")[..8], description = "以高额回报为诱饵吸收公众资金。", severity = "Moderate", regions = new[] { region } },
            Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await JsonAsync(response);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object body, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return await client.SendAsync(request, Ct);
    }

    /// <summary>Stored warnings that reference <paramref name="id"/>, read from the table itself.</summary>
    private async Task<int> FollowUpsOfAsync(string id)
    {
        var count = 0;
        await foreach (var row in stack.Tables.GetTableClient("Warnings").QueryAsync<Azure.Data.Tables.TableEntity>(Azure.Data.Tables.TableClient.CreateQueryFilter($"RowKey eq {"warning"}"), cancellationToken: Ct))
        {
            if (row.GetString("References") is { } references && references.Contains(id, StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone();
}

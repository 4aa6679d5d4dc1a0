using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RiskAlerts.Core.Security;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Delivery;

/// <summary>
/// The enterprise's own list of the warnings that reached it (newest first, each saying whether it
/// acknowledged), a warning's acknowledgements read alone, and subscribing again after unsubscribing.
/// </summary>
[Collection(DeliveryStackCollection.Name)]
public sealed class EnterpriseWarningsTests(DeliveryStackFixture stack) : IDisposable
{
    private readonly EnterpriseLoop _loop = new(stack);
    private readonly HttpClient _admin = stack.ClientFor(Role.Admin);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheEnterpriseSeesTheWarningsThatReachedItNewestFirstWithWhichItAcknowledgedAndAnotherEnterpriseIsRefused()
    {
        var (uscc, _, _) = await _loop.RegisterAsync("640181");
        var (other, _, _) = await _loop.RegisterAsync("640424");
        var older = await _loop.Scenario.SubmitAsync("640181", "Extreme");
        await _loop.WaitForFinishedRowsAsync(older, uscc, 2);
        var newer = await _loop.Scenario.SubmitAsync("640181", "Extreme");
        await _loop.WaitForFinishedRowsAsync(newer, uscc, 2);
        using var enterprise = stack.ClientFor(Role.Enterprise, uscc);
        using var otherEnterprise = stack.ClientFor(Role.Enterprise, other);
        using var @operator = stack.ClientFor(Role.Operator);

        using (var acknowledged = await enterprise.PostAsJsonAsync($"/api/warnings/{older}/acknowledgements", new { }, Cancellation))
        {
            Assert.Equal(HttpStatusCode.Created, acknowledged.StatusCode);
        }

        var own = await ItemsAsync(enterprise, uscc);
        Assert.Equal([newer, older], own.Select(i => i.GetProperty("warningId").GetString()));
        Assert.Equal([false, true], own.Select(i => i.GetProperty("acknowledged").GetBoolean()));
        Assert.False(own[0].TryGetProperty("acknowledgedAt", out _));
        Assert.True(own[1].GetProperty("acknowledgedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.All(own, i => Assert.False(string.IsNullOrEmpty(i.GetProperty("headline").GetString())));
        Assert.All(own, i => Assert.Equal(("Extreme", "telecom-fraud"), (i.GetProperty("severity").GetString(), i.GetProperty("category").GetString())));

        // An operator following the enterprise up sees the same list; the other enterprise sees neither warning in its own.
        Assert.Equal([newer, older], (await ItemsAsync(@operator, uscc)).Select(i => i.GetProperty("warningId").GetString()));
        using var refused = await otherEnterprise.GetAsync($"/api/enterprises/{uscc}/warnings", Cancellation);
        await ProblemAssertions.AssertProblemAsync(refused, HttpStatusCode.Forbidden);
        var theirs = (await ItemsAsync(otherEnterprise, other)).Select(i => i.GetProperty("warningId").GetString()).ToList();
        Assert.DoesNotContain(older, theirs);
        Assert.DoesNotContain(newer, theirs);
    }

    [Fact]
    public async Task AWarningsAcknowledgementsAreReadAloneByAnalystsAndRefusedToEnterprises()
    {
        var (uscc, _, _) = await _loop.RegisterAsync("640181");
        var warningId = await _loop.Scenario.SubmitAsync("640181", "Extreme");
        await _loop.WaitForFinishedRowsAsync(warningId, uscc, 2);
        using var enterprise = stack.ClientFor(Role.Enterprise, uscc);
        using var analyst = stack.ClientFor(Role.Analyst);

        var before = await AcknowledgementListAsync(analyst, warningId);
        Assert.Equal(0, before.GetProperty("acknowledged").GetInt32());
        using (var acknowledged = await enterprise.PostAsJsonAsync($"/api/warnings/{warningId}/acknowledgements", new { contactId = "legal" }, Cancellation))
        {
            Assert.Equal(HttpStatusCode.Created, acknowledged.StatusCode);
        }

        var after = await AcknowledgementListAsync(analyst, warningId);
        Assert.Equal(1, after.GetProperty("acknowledged").GetInt32());
        var byEnterprise = Assert.Single(after.GetProperty("byEnterprise").EnumerateArray());
        Assert.Equal((uscc, "api"), (byEnterprise.GetProperty("uscc").GetString(), byEnterprise.GetProperty("channel").GetString()));
        Assert.Equal("legal", Assert.Single(byEnterprise.GetProperty("contacts").EnumerateArray()).GetProperty("contactId").GetString());

        using var forbidden = await enterprise.GetAsync($"/api/warnings/{warningId}/acknowledgements", Cancellation);
        await ProblemAssertions.AssertProblemAsync(forbidden, HttpStatusCode.Forbidden);
        using var missing = await analyst.GetAsync($"/api/warnings/{Guid.CreateVersion7()}/acknowledgements", Cancellation);
        await ProblemAssertions.AssertProblemAsync(missing, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnUnsubscribedEnterpriseReceivesNothingUntilItSubscribesAgainAndEachStepIsAConsentEvent()
    {
        var (uscc, _, _) = await _loop.RegisterAsync("640221");
        using var enterprise = stack.ClientFor(Role.Enterprise, uscc);
        using (var unsubscribed = await enterprise.PostAsync($"/api/enterprises/{uscc}/unsubscribe", content: null, Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, unsubscribed.StatusCode);
        }

        var missed = await _loop.Scenario.SubmitAsync("640221", "Extreme");
        await _loop.WaitForPlannedAsync(missed);
        Assert.Empty(await _loop.RowsForAsync(missed, uscc));

        using (var resubscribed = await enterprise.PostAsync($"/api/enterprises/{uscc}/resubscribe", content: null, Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, resubscribed.StatusCode);
            var body = await resubscribed.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
            Assert.False(body.GetProperty("unsubscribed").GetBoolean());
            Assert.Equal("\"3\"", resubscribed.Headers.ETag?.Tag);
        }

        var received = await _loop.Scenario.SubmitAsync("640221", "Extreme");
        await _loop.WaitForFinishedRowsAsync(received, uscc, 2);
        Assert.Equal([received], (await ItemsAsync(enterprise, uscc)).Select(i => i.GetProperty("warningId").GetString()));
        var sources = (await _loop.ConsentsAsync(uscc)).Select(e => e.GetProperty("source").GetString()).ToList();
        Assert.Equal(["ApiUnsubscribe"], sources.Where(s => s == "ApiUnsubscribe"));
        Assert.Contains("ApiResubscribe", sources);
        Assert.True(sources.IndexOf("ApiResubscribe") < sources.IndexOf("ApiUnsubscribe"), "the consent events are listed newest first");
    }

    [Fact]
    public async Task AnUnregisteredEnterpriseIsNotFoundAndAnUnknownParameterIsRefusedNamingIt()
    {
        var (uscc, _, _) = await _loop.RegisterAsync("640181");
        using var enterprise = stack.ClientFor(Role.Enterprise, uscc);

        using var misspelt = await enterprise.GetAsync($"/api/enterprises/{uscc}/warnings?limit=5", Cancellation);
        var problem = await ProblemAssertions.AssertProblemAsync(misspelt, HttpStatusCode.BadRequest);
        Assert.Equal(["limit"], ProblemAssertions.ErrorFields(problem));

        using var unknown = await _admin.GetAsync($"/api/enterprises/{Enterprises.EnterpriseTestData.NewUscc("640181")}/warnings", Cancellation);
        await ProblemAssertions.AssertProblemAsync(unknown, HttpStatusCode.NotFound);
    }

    public void Dispose()
    {
        _loop.Dispose();
        _admin.Dispose();
    }

    private static async Task<JsonElement> AcknowledgementListAsync(HttpClient client, string warningId)
    {
        using var response = await client.GetAsync($"/api/warnings/{warningId}/acknowledgements", Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
    }

    private static async Task<List<JsonElement>> ItemsAsync(HttpClient client, string uscc)
    {
        using var response = await client.GetAsync($"/api/enterprises/{uscc}/warnings", Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.True(body.GetProperty("warningsSearched").GetInt32() >= body.GetProperty("items").GetArrayLength());
        return [.. body.GetProperty("items").EnumerateArray()];
    }
}

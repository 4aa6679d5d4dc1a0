using System.Net;
using System.Text.Json;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Security;
using RiskAlerts.IntegrationTests.Delivery;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Operations;

/// <summary>The overview and a warning's delivery totals, read after a real delivery on the local stack.</summary>
[Collection(DeliveryStackCollection.Name)]
public sealed class OperationsOverviewTests(DeliveryStackFixture stack)
{
    [Fact]
    public async Task OperatorOverviewShowsTheDeliveredWarningAtFullProgressWithRatesAndTheBrokersBacklog()
    {
        var (warningId, rows) = await DeliverAsync("620523");
        using var operatorClient = stack.ClientFor(Role.Operator, name: "operator-sun");

        var overview = await GetJsonAsync(operatorClient, "/api/operations/overview");

        var warning = Assert.Single(overview.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("id").GetString() == warningId);
        var progress = warning.GetProperty("progress");
        Assert.Equal(rows, progress.GetProperty("total").GetInt32());
        Assert.Equal(rows, progress.GetProperty("succeeded").GetInt32());
        Assert.Equal(100, progress.GetProperty("percentSettled").GetInt32());
        Assert.Equal(1.0, progress.GetProperty("successRate").GetDouble());
        Assert.True(warning.GetProperty("secondsToLastSent").GetDouble() >= warning.GetProperty("secondsToFirstSent").GetDouble());
        Assert.True(overview.GetProperty("byChannel").GetProperty("sms").GetProperty("succeeded").GetInt32() >= 3);
        Assert.True(overview.GetProperty("byChannel").GetProperty("email").GetProperty("succeeded").GetInt32() >= 3);
        Assert.True(overview.GetProperty("byProvider").GetProperty("primary").GetProperty("total").GetInt32() >= 3);

        var pauses = overview.GetProperty("pauses");
        Assert.Empty(pauses.GetProperty("pausedChannels").EnumerateArray());
        Assert.Equal(["primary", "backup"], pauses.GetProperty("smsProviders").EnumerateArray().Select(p => p.GetString()));

        // The backlog is the broker's own count, entity by entity.
        var backlog = overview.GetProperty("backlog").EnumerateArray().ToDictionary(b => b.GetProperty("entity").GetString()!);
        Assert.Equal(["deliveries", "email", "sms", "warnings"], backlog.Keys.Order(StringComparer.Ordinal));
        foreach (var (entity, path) in new[] { ("warnings", "warnings"), ("sms", "deliveries/subscriptions/sms"), ("email", "deliveries/subscriptions/email") })
        {
            Assert.Equal(stack.Broker.GetCounts(path).DeadLetter, backlog[entity].GetProperty("deadLetter").GetInt64());
        }
    }

    [Fact]
    public async Task AnalystsSeeTheirOwnWarningsOnlyAndNoBacklogAndFollowOnlyTheirOrganisationsDeliveries()
    {
        var (warningId, _) = await DeliverAsync("620524");
        using var submitter = stack.ClientFor(Role.Analyst, name: "analyst-delivery");
        using var colleague = stack.ClientFor(Role.Analyst, name: "analyst-zhou");

        var own = await GetJsonAsync(submitter, "/api/operations/overview");
        var other = await GetJsonAsync(colleague, "/api/operations/overview");

        Assert.Contains(own.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("id").GetString() == warningId);
        Assert.False(own.TryGetProperty("backlog", out _));
        Assert.DoesNotContain(other.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("id").GetString() == warningId);
        Assert.Equal(0, other.GetProperty("warningsInWindow").GetInt32());

        // A warning's deliveries are followed by its organisation: the colleague may, another centre may not.
        using var colleagues = await colleague.GetAsync($"/api/warnings/{warningId}/deliveries", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, colleagues.StatusCode);
        using var stranger = stack.ClientFor(Role.Analyst, name: "analyst-wu", organisation: TestOrganisations.Changchun);
        using var notTheirs = await stranger.GetAsync($"/api/warnings/{warningId}/deliveries", TestContext.Current.CancellationToken);
        await ProblemAssertions.AssertProblemAsync(notTheirs, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task WarningDeliveriesCarryProgressTotalsByProviderAndTimesToFirstAndLastDelivery()
    {
        var (warningId, rows) = await DeliverAsync("620525");
        using var submitter = stack.ClientFor(Role.Analyst, name: "analyst-delivery");

        var deliveries = await GetJsonAsync(submitter, $"/api/warnings/{warningId}/deliveries");

        var summary = deliveries.GetProperty("summary");
        Assert.Equal(rows, summary.GetProperty("progress").GetProperty("succeeded").GetInt32());
        Assert.Equal(100, summary.GetProperty("progress").GetProperty("percentSettled").GetInt32());
        Assert.Equal(3, summary.GetProperty("byProvider").GetProperty("primary").GetProperty("Delivered").GetInt32());
        Assert.Equal(3, summary.GetProperty("byPrefecture").GetProperty("620500").GetProperty("Delivered").GetInt32());
        var first = summary.GetProperty("secondsToFirstSent").GetDouble();
        Assert.InRange(first, 0, 120);
        Assert.InRange(summary.GetProperty("secondsToLastSent").GetDouble(), first, 120);
    }

    [Fact]
    public async Task OverviewRefusesQueryParametersItDoesNotKnow()
    {
        using var operatorClient = stack.ClientFor(Role.Operator);
        using var response = await operatorClient.GetAsync("/api/operations/overview?hours=48", TestContext.Current.CancellationToken);
        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["hours"], ProblemAssertions.ErrorFields(problem));
    }

    /// <summary>Three enterprises, one SMS-and-email contact each, in <paramref name="county"/>; waits until every row is finished.</summary>
    private async Task<(string WarningId, int Rows)> DeliverAsync(string county)
    {
        var scenario = new DeliveryScenario(stack);
        var subscribers = Enumerable.Range(0, 3).Select(_ => DeliveryScenario.NewSubscriber(county, [DeliveryScenario.NewContact("c0", Channel.Sms, Channel.Email)])).ToList();
        await scenario.SeedAsync(subscribers);
        var warningId = await scenario.SubmitAsync(county);
        await scenario.WaitForRowsAsync(warningId, 6, DeliveryScenario.IsFinished);
        return (warningId, 6);
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}

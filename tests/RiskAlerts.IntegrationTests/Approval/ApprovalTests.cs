using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Security;
using RiskAlerts.IntegrationTests.Delivery;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Approval;

/// <summary>
/// Four eyes at the front door (no planner runs here, so the <c>warnings</c> queue shows what would be
/// planned): an Extreme warning or a broadcast over the threshold waits in PendingApproval, off the
/// queue, until a second principal approves it; its submitter may not; a rejection sends nothing.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class ApprovalTests(LocalStackFixture stack) : IDisposable
{
    private readonly HttpClient _analyst = stack.ClientFor(Role.Analyst, name: "analyst-zhao");
    private readonly HttpClient _approver = stack.ClientFor(Role.Approver, name: "approver-qian");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExtremeWarningWaitsForApprovalOffTheQueueAndIsInTheApprovalsQueue()
    {
        var warning = await SubmitAsync(severity: "Extreme", region: "220102");

        Assert.Equal("PendingApproval", warning.GetProperty("status").GetString());
        Assert.Contains("Extreme", warning.GetProperty("heldBecause").GetString(), StringComparison.Ordinal);
        Assert.Equal(["Submitted", "HeldForApproval"], Steps(warning).Select(s => s.Kind));
        Assert.All(Steps(warning), s => Assert.Equal("analyst-zhao", s.By));
        var id = warning.GetProperty("id").GetString()!;
        Assert.False(await IsQueuedAsync(id));
        Assert.False(warning.TryGetProperty("publishedAt", out _));

        var queue = JsonDocument.Parse(await _approver.GetStringAsync("/api/warnings?status=PendingApproval&pageSize=200", Cancellation)).RootElement;
        Assert.Contains(queue.GetProperty("items").EnumerateArray(), w => w.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task SubmitterMayNotApproveOrRejectTheirOwnWarning()
    {
        var id = (await SubmitAsync(severity: "Extreme", region: "220102")).GetProperty("id").GetString()!;
        using var self = stack.ClientFor(Role.Approver, name: "analyst-zhao");

        await ProblemAssertions.AssertProblemAsync(await self.PostAsJsonAsync($"/api/warnings/{id}/approve", new { }, Cancellation), HttpStatusCode.Forbidden);
        await ProblemAssertions.AssertProblemAsync(await self.PostAsJsonAsync($"/api/warnings/{id}/reject", new { reason = "自己驳回" }, Cancellation), HttpStatusCode.Forbidden);

        Assert.Equal("PendingApproval", (await ReadAsync(id)).GetProperty("status").GetString());
        Assert.False(await IsQueuedAsync(id));
    }

    [Fact]
    public async Task SecondPrincipalsApprovalQueuesTheWarningOnceAndIsRecordedWithWhoAndWhen()
    {
        var id = (await SubmitAsync(severity: "Extreme", region: "220102")).GetProperty("id").GetString()!;
        var before = DateTimeOffset.UtcNow;

        using var approved = await _approver.PostAsJsonAsync($"/api/warnings/{id}/approve", new { reason = "已与公安核实" }, Cancellation);
        using var again = await _approver.PostAsJsonAsync($"/api/warnings/{id}/approve", new { }, Cancellation);

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var warning = await ReadAsync(id);
        Assert.Equal("Accepted", warning.GetProperty("status").GetString());
        Assert.True(warning.TryGetProperty("publishedAt", out _));
        var step = Steps(warning).Single(s => s.Kind == "Approved");
        Assert.Equal("approver-qian", step.By);
        Assert.Equal("已与公安核实", step.Note);
        Assert.InRange(step.At, before.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        Assert.Single(await QueueProbe.PeekAllAsync(stack.ServiceBus, "warnings"), m => m.MessageId == id);

        // Decided: a rejection now is too late.
        await ProblemAssertions.AssertProblemAsync(await _approver.PostAsJsonAsync($"/api/warnings/{id}/reject", new { reason = "晚了" }, Cancellation), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task RejectionNeedsAReasonSendsNothingAndCannotBeApprovedAfterwards()
    {
        var id = (await SubmitAsync(severity: "Extreme", region: "220102")).GetProperty("id").GetString()!;

        var missing = await ProblemAssertions.AssertProblemAsync(await _approver.PostAsJsonAsync($"/api/warnings/{id}/reject", new { }, Cancellation), HttpStatusCode.BadRequest);
        Assert.Equal(["reason"], ProblemAssertions.ErrorFields(missing));
        Assert.Equal("PendingApproval", (await ReadAsync(id)).GetProperty("status").GetString());

        using var rejected = await _approver.PostAsJsonAsync($"/api/warnings/{id}/reject", new { reason = "来源未核实" }, Cancellation);

        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        var warning = await ReadAsync(id);
        Assert.Equal("Rejected", warning.GetProperty("status").GetString());
        Assert.Equal(("Rejected", "approver-qian", "来源未核实"), Steps(warning).Select(s => (s.Kind, s.By, s.Note)).Last());
        await ProblemAssertions.AssertProblemAsync(await _approver.PostAsJsonAsync($"/api/warnings/{id}/approve", new { }, Cancellation), HttpStatusCode.Conflict);
        Assert.False(await IsQueuedAsync(id));
    }

    [Fact]
    public async Task BroadcastOverTheAudienceThresholdWaitsAndTheApproverSeesItsPreviewWhileASmallOneGoesAtOnce()
    {
        // 501 enterprises of Baotou's Kundulun district with two SMS contacts each: 1,002 recipients, over the 1,000 of the default threshold.
        var scenario = new DeliveryScenario(stack);
        await scenario.SeedAsync(Enumerable.Range(0, 501).Select(_ => DeliveryScenario.NewSubscriber("150203", [DeliveryScenario.NewContact("c0", Channel.Sms), DeliveryScenario.NewContact("c1", Channel.Sms)])));
        await scenario.SeedAsync([DeliveryScenario.NewSubscriber("150204", [DeliveryScenario.NewContact("c0", Channel.Sms)])]);

        var large = await SubmitAsync(severity: "Severe", region: "150203");
        var small = await SubmitAsync(severity: "Severe", region: "150204");

        Assert.Equal("PendingApproval", large.GetProperty("status").GetString());
        Assert.Contains("1,000", large.GetProperty("heldBecause").GetString(), StringComparison.Ordinal);
        Assert.Equal("Accepted", small.GetProperty("status").GetString());
        Assert.True(await IsQueuedAsync(small.GetProperty("id").GetString()!));

        var preview = JsonDocument.Parse(await _approver.GetStringAsync($"/api/warnings/{large.GetProperty("id").GetString()}/audience", Cancellation)).RootElement;
        Assert.Equal(1002, preview.GetProperty("totalRecipients").GetInt32());
        Assert.Equal(501, preview.GetProperty("totalEnterprises").GetInt32());
    }

    [Theory]
    [InlineData(TestOrganisations.TrustedFeed, "Extreme", "Accepted")]
    [InlineData(TestOrganisations.HeldFeed, "Minor", "PendingApproval")]
    [InlineData(TestOrganisations.Nationwide, "Extreme", "PendingApproval")]
    [InlineData(TestOrganisations.Nationwide, "Minor", "Accepted")]
    public async Task PlatformSignalsFollowTheirOrganisationsApprovalPolicy(string organisation, string severity, string status)
    {
        using var platform = stack.ClientFor(Role.Platform, name: $"platform-{organisation}", organisation: organisation);

        using var response = await platform.PostAsJsonAsync(
            "/api/signals",
            new { items = new[] { new { externalId = $"sig-{Guid.NewGuid():N}", category = "telecom-fraud", headline = "h", description = "d", severity, regions = new[] { "220102" } } } },
            Cancellation);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)).RootElement.GetProperty("results")[0].GetProperty("warningId").GetString()!;
        using var read = await platform.GetAsync($"/api/warnings/{id}", Cancellation);
        Assert.Equal(status, JsonDocument.Parse(await read.Content.ReadAsStringAsync(Cancellation)).RootElement.GetProperty("status").GetString());
        Assert.Equal(status == "Accepted", await IsQueuedAsync(id));
    }

    [Fact]
    public async Task RetractingAWarningThatWaitsForApprovalClosesItAndRecordsTheStep()
    {
        var id = (await SubmitAsync(severity: "Extreme", region: "220102")).GetProperty("id").GetString()!;

        using var retracted = await _analyst.PostAsJsonAsync($"/api/warnings/{id}/retract", new { reason = "内容有误" }, Cancellation);

        Assert.Equal(HttpStatusCode.OK, retracted.StatusCode);
        var warning = await ReadAsync(id);
        Assert.Equal("Cancelled", warning.GetProperty("status").GetString());
        Assert.Equal("Retracted", Steps(warning).Last().Kind);
        await ProblemAssertions.AssertProblemAsync(await _approver.PostAsJsonAsync($"/api/warnings/{id}/approve", new { }, Cancellation), HttpStatusCode.Conflict);
        Assert.False(await IsQueuedAsync(id));
    }

    public void Dispose()
    {
        _analyst.Dispose();
        _approver.Dispose();
    }

    private async Task<JsonElement> SubmitAsync(string severity, string region)
    {
        using var response = await _analyst.PostAsJsonAsync(
            "/api/warnings",
            new { category = "telecom-fraud", headline = "冒充公检法诈骗预警", description = "有人冒充公安机关要求企业转账。", severity, regions = new[] { region } },
            Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<JsonElement> ReadAsync(string id) =>
        JsonDocument.Parse(await _analyst.GetStringAsync($"/api/warnings/{id}", Cancellation)).RootElement.Clone();

    private async Task<bool> IsQueuedAsync(string id) =>
        (await QueueProbe.PeekAllAsync(stack.ServiceBus, "warnings")).Any(m => m.MessageId == id);

    private static List<(string Kind, string By, DateTimeOffset At, string? Note)> Steps(JsonElement warning) =>
        [.. warning.GetProperty("trail").EnumerateArray().Select(s => (
            s.GetProperty("kind").GetString()!,
            s.GetProperty("by").GetString()!,
            s.GetProperty("at").GetDateTimeOffset(),
            s.TryGetProperty("note", out var note) ? note.GetString() : null))];
}

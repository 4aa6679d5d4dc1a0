using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Security;
using RiskAlerts.IntegrationTests.Delivery;

namespace RiskAlerts.IntegrationTests.Approval;

/// <summary>With the planner and senders running: a held warning reaches nobody until it is approved, and a rejected one nobody at all.</summary>
[Collection(DeliveryStackCollection.Name)]
public sealed class ApprovalDeliveryTests(DeliveryStackFixture stack)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HeldWarningIsPlannedOnlyOnceApprovedAndThenReachesEachContactOnce()
    {
        var scenario = new DeliveryScenario(stack);
        var subscribers = Enumerable.Range(0, 3).Select(_ => DeliveryScenario.NewSubscriber("150205", [DeliveryScenario.NewContact("c0", Channel.Sms)])).ToList();
        await scenario.SeedAsync(subscribers);
        var id = await SubmitHeldAsync("150205");

        // Long enough for the planner and a sender to have acted, had the warning been queued.
        await Task.Delay(TimeSpan.FromSeconds(3), Cancellation);
        Assert.Empty(await scenario.RowsAsync(id));
        Assert.Empty(scenario.SmsTo(DeliveryScenario.SmsAddresses(subscribers)));

        await scenario.ApproveAsync(id);
        await scenario.WaitForRowsAsync(id, 3, DeliveryScenario.IsFinished);

        var sms = scenario.SmsTo(DeliveryScenario.SmsAddresses(subscribers));
        Assert.Equal(DeliveryScenario.SmsAddresses(subscribers).Order(StringComparer.Ordinal), sms.Select(m => m.Phone).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RejectedWarningReachesNobody()
    {
        var scenario = new DeliveryScenario(stack);
        var subscribers = Enumerable.Range(0, 2).Select(_ => DeliveryScenario.NewSubscriber("150206", [DeliveryScenario.NewContact("c0", Channel.Sms, Channel.Email)])).ToList();
        await scenario.SeedAsync(subscribers);
        var id = await SubmitHeldAsync("150206");
        using var approver = stack.ClientFor(Role.Approver, name: "approver-reject");

        using var rejected = await approver.PostAsJsonAsync($"/api/warnings/{id}/reject", new { reason = "情况不实" }, Cancellation);
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(3), Cancellation);

        Assert.Empty(await scenario.RowsAsync(id));
        Assert.Empty(scenario.SmsTo(DeliveryScenario.SmsAddresses(subscribers)));
        Assert.Empty(scenario.EmailsTo(DeliveryScenario.EmailAddresses(subscribers)));
    }

    private async Task<string> SubmitHeldAsync(string county)
    {
        using var analyst = stack.ClientFor(Role.Analyst, name: "analyst-held");
        using var response = await analyst.PostAsJsonAsync(
            "/api/warnings",
            new { category = "telecom-fraud", headline = "冒充公检法诈骗预警", description = "有人冒充公安机关要求企业转账。", severity = "Extreme", regions = new[] { county } },
            Cancellation);
        var warning = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)).RootElement;
        Assert.Equal("PendingApproval", warning.GetProperty("status").GetString());
        return warning.GetProperty("id").GetString()!;
    }
}

using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RiskAlerts.Core;
using RiskAlerts.Core.Acknowledgements;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries.Escalation;
using RiskAlerts.Core.Deliveries.Plan;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Subscriptions;
using RiskAlerts.IntegrationTests.Enterprises;

namespace RiskAlerts.IntegrationTests.Delivery;

/// <summary>
/// Escalation on the local stack: the warning is planned by a planner whose fake clock stands one
/// escalation window (the product's defaults: Extreme 10 min, Severe 30 min) minus a few seconds in
/// the past, so the check it schedules with the broker comes due a few seconds from now; the stack's
/// own consumer runs it, on the real clock, and the senders deliver to the SMTP server.
/// </summary>
[Collection(DeliveryStackCollection.Name)]
public sealed class EscalationTests(DeliveryStackFixture stack)
{
    private static readonly TimeSpan DueIn = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task TheWarningReachesTheSecondContactExactlyOnceWhenTheFirstDidNotAcknowledgeAndNobodyMoreWhenTheFirstDid()
    {
        var scenario = new DeliveryScenario(stack);
        var silent = await RegisterAsync("350103");
        var acknowledging = await RegisterAsync("350103");
        var realNow = DateTimeOffset.UtcNow;
        var warningId = await scenario.InsertAcceptedWarningAsync(realNow.AddHours(-1), Severity.Extreme, "350103", [Channel.Email], "升级预警");

        Assert.Equal(PlanOutcome.Planned, await scenario.PlannerAt(new FakeTimeProvider(realNow - TimeSpan.FromMinutes(10) + DueIn), new EscalationOptions()).HandleAsync(warningId, TestContext.Current.CancellationToken));
        var firsts = await scenario.WaitForRowsAsync(warningId, 2, DeliveryScenario.IsFinished);
        await stack.Services.GetRequiredService<IAcknowledgementStore>().AddAsync(
            new Acknowledgement(warningId, acknowledging.Uscc, "c0", AcknowledgementChannel.Email, DateTimeOffset.UtcNow),
            TestContext.Current.CancellationToken);
        var secondsBeforeDue = scenario.EmailsTo([silent.Second, acknowledging.Second]).Count;

        var rows = await scenario.WaitForRowsAsync(warningId, 3, DeliveryScenario.IsFinished, TimeSpan.FromSeconds(30));
        // The same check again (a redelivered message): nobody is reached twice.
        var check = new EscalationBatch(EscalationBatch.FirstMessageId(warningId, 0), warningId, 1, TimeSpan.FromMinutes(10), DateTimeOffset.UtcNow, [.. new[] { silent.Uscc, acknowledging.Uscc }.Order(StringComparer.Ordinal)]);
        await stack.Services.GetRequiredService<EscalateDeliveriesHandler>().HandleAsync(check, TestContext.Current.CancellationToken);
        await Task.Delay(2_000, TestContext.Current.CancellationToken);

        Assert.All(firsts, r => Assert.Equal(("c0", (int?)null), (r.GetString("ContactId"), r.GetInt32("Escalation"))));
        Assert.Equal(0, secondsBeforeDue);
        var escalated = Assert.Single(rows, r => r.GetString("ContactId") == "c1");
        Assert.Equal((silent.Uscc, "Sent", (int?)1), (escalated.GetString("Uscc"), escalated.GetString("Status"), escalated.GetInt32("Escalation")));
        Assert.Single(scenario.EmailsTo([silent.Second]));
        Assert.Empty(scenario.EmailsTo([acknowledging.Second]));
        Assert.Single(scenario.EmailsTo([silent.First]));
        Assert.Equal(3, (await scenario.RowsAsync(warningId)).Count);
    }

    [Fact]
    public async Task AnExtremeWarningEscalatesDuringQuietHoursWhileASevereOneWaitsForTheirEnd()
    {
        var scenario = new DeliveryScenario(stack);
        var realNow = DateTimeOffset.UtcNow;
        var end = NextWholeMinute(realNow.AddSeconds(20));
        // Quiet hours that began ten minutes ago: after the Severe warning's first delivery (planned
        // half an hour ago), so that only its escalation falls in them.
        var quiet = new QuietHours(TimeOnly.FromDateTime(realNow.AddMinutes(-10).ToChinaTime().DateTime), TimeOnly.FromDateTime(end.ToChinaTime().DateTime));
        var extreme = await RegisterAsync("350104", quiet);
        var severe = await RegisterAsync("350105", quiet);
        var extremeId = await scenario.InsertAcceptedWarningAsync(realNow.AddHours(-1), Severity.Extreme, "350104", [Channel.Email], "升级预警");
        var severeId = await scenario.InsertAcceptedWarningAsync(realNow.AddHours(-1), Severity.Severe, "350105", [Channel.Email], "升级预警");

        Assert.Equal(PlanOutcome.Planned, await scenario.PlannerAt(new FakeTimeProvider(realNow - TimeSpan.FromMinutes(10) + DueIn), new EscalationOptions()).HandleAsync(extremeId, TestContext.Current.CancellationToken));
        Assert.Equal(PlanOutcome.Planned, await scenario.PlannerAt(new FakeTimeProvider(realNow - TimeSpan.FromMinutes(30) + DueIn), new EscalationOptions()).HandleAsync(severeId, TestContext.Current.CancellationToken));
        var extremeRows = await scenario.WaitForRowsAsync(extremeId, 2, DeliveryScenario.IsFinished, TimeSpan.FromSeconds(30));
        var severeBeforeEnd = await scenario.RowsAsync(severeId);
        var severeSecondBeforeEnd = scenario.EmailsTo([severe.Second]).Count;
        var severeRows = await scenario.WaitForRowsAsync(severeId, 2, DeliveryScenario.IsFinished, end - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20));

        var extremeEmail = Assert.Single(scenario.EmailsTo([extreme.Second]));
        Assert.True(extremeEmail.ReceivedAt < end, $"the Extreme escalation was sent at {extremeEmail.ReceivedAt:O}, after the quiet hours ended at {end:O}");
        Assert.Equal((int?)1, Assert.Single(extremeRows, r => r.GetString("ContactId") == "c1").GetInt32("Escalation"));
        Assert.Equal(["c0"], severeBeforeEnd.Select(r => r.GetString("ContactId")));
        Assert.Equal(0, severeSecondBeforeEnd);
        var severeEmail = Assert.Single(scenario.EmailsTo([severe.Second]));
        Assert.True(severeEmail.ReceivedAt >= end, $"the Severe escalation was sent at {severeEmail.ReceivedAt:O}, before the quiet hours ended at {end:O}");
        Assert.Equal((int?)1, Assert.Single(severeRows, r => r.GetString("ContactId") == "c1").GetInt32("Escalation"));
    }

    /// <summary>Registers an enterprise through the API with two contacts by email: <c>c0</c> first, <c>c1</c> second in precedence.</summary>
    private async Task<(string Uscc, string First, string Second)> RegisterAsync(string county, QuietHours? quiet = null)
    {
        var uscc = EnterpriseTestData.NewUscc(county);
        var (first, second) = (DeliveryScenario.NewEmail(), DeliveryScenario.NewEmail());
        var registration = EnterpriseTestData.Registration(county);
        registration["contacts"] = new JsonArray(EnterpriseTestData.Contact("c0", null, first, "email"), EnterpriseTestData.Contact("c1", null, second, "email"));
        registration["preferences"]!["quietHours"] = quiet is null
            ? null
            : new JsonObject { ["start"] = quiet.Start.ToString("HH:mm", CultureInfo.InvariantCulture), ["end"] = quiet.End.ToString("HH:mm", CultureInfo.InvariantCulture) };
        using var admin = stack.ClientFor(Role.Admin, name: "admin-escalation");
        using var put = await EnterpriseTestData.PutAsync(admin, $"/api/enterprises/{uscc}", registration);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        return (uscc, first, second);
    }

    private static DateTimeOffset NextWholeMinute(DateTimeOffset at) =>
        new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, TimeSpan.Zero).AddMinutes(1);
}

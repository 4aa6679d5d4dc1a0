using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RiskAlerts.Core;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Deliveries.Plan;
using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Subscriptions;
using RiskAlerts.Core.Telemetry;
using RiskAlerts.Core.Warnings;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Delivery;

/// <summary>
/// Quiet hours: planned with a fake clock inside the subscribers' quiet period, deferred by the
/// broker's scheduled enqueue to the period's end and sent then. Quiet periods end on a whole
/// minute, so this test waits up to a minute of real time. It runs in the delivery collection,
/// one class at a time: beside a thousand-enterprise broadcast its five deferred emails queued
/// behind thousands of others and missed their window.
/// </summary>
[Collection(DeliveryStackCollection.Name)]
public sealed class QuietHoursDeliveryTests(DeliveryStackFixture stack)
{
    [Fact]
    public async Task DeliveryInQuietHoursIsDeferredToTheirEndAndSentThen()
    {
        var scenario = new DeliveryScenario(stack);
        var realNow = DateTimeOffset.UtcNow;
        var end = NextWholeMinute(realNow.AddSeconds(5));
        var localEnd = TimeOnly.FromDateTime(end.ToChinaTime().DateTime);
        var quiet = new QuietHours(localEnd.AddHours(-2), localEnd);
        var subscribers = Enumerable.Range(0, 5).Select(_ => DeliveryScenario.NewSubscriber("650102", [DeliveryScenario.NewContact("c0", Channel.Email)], quietHours: quiet)).ToList();
        await scenario.SeedAsync(subscribers);
        var clock = new FakeTimeProvider(realNow);
        var warningId = await InsertWarningAsync(realNow);
        var planner = new PlanDeliveriesHandler(
            stack.Services.GetRequiredService<IWarningStore>(),
            stack.Services.GetRequiredService<AudienceResolver>(),
            stack.Services.GetRequiredService<EarlierRecipients>(),
            stack.Services.GetRequiredService<IDeliveryStore>(),
            stack.Services.GetRequiredService<IDeliveryBatchPublisher>(),
            stack.Services.GetRequiredService<IOptions<DeliveryOptions>>(),
            clock,
            stack.Services.GetRequiredService<RiskAlertsTelemetry>(),
            NullLogger<PlanDeliveriesHandler>.Instance);

        Assert.Equal(PlanOutcome.Planned, await planner.HandleAsync(warningId, TestContext.Current.CancellationToken));
        var planned = await scenario.RowsAsync(warningId);
        await Task.Delay(1_000, TestContext.Current.CancellationToken);
        var sentEarly = scenario.EmailsTo(DeliveryScenario.EmailAddresses(subscribers)).Count;
        var rows = await scenario.WaitForRowsAsync(warningId, 5, DeliveryScenario.IsFinished, end - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20));

        Assert.Equal(5, planned.Count);
        Assert.All(planned, r => Assert.Equal(("Planned", end), (r.GetString("Status"), r.GetDateTimeOffset("DeferUntil"))));
        Assert.Equal(0, sentEarly);
        var emails = scenario.EmailsTo(DeliveryScenario.EmailAddresses(subscribers));
        Assert.Equal(5, emails.Count);
        Assert.All(emails, e => Assert.True(e.ReceivedAt >= end, $"sent at {e.ReceivedAt:O}, before the quiet period ended at {end:O}"));
        Assert.All(rows, r => Assert.Equal("Sent", r.GetString("Status")));
    }

    private static DateTimeOffset NextWholeMinute(DateTimeOffset at) =>
        new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, TimeSpan.Zero).AddMinutes(1);

    private async Task<string> InsertWarningAsync(DateTimeOffset now)
    {
        var warningId = WarningId.New(now);
        await stack.Services.GetRequiredService<IWarningStore>().InsertAsync(
            new Warning
            {
                Id = warningId,
                Source = "analyst",
                Organisation = TestOrganisations.Nationwide,
                OrganisationName = TestOrganisations.NationwideName,
                Headline = "夜间预警",
                Description = "d",
                Audience = new WarningAudience("telecom-fraud", Severity.Severe, [RiskAlerts.Core.Regions.RegionCode.Parse("650102")], [], [], [Channel.Email]),
                Urgency = Urgency.Expected,
                Certainty = Certainty.Likely,
                EffectiveAt = now,
                ExpiresAt = now.AddHours(6),
                Language = "zh-CN",
                Status = WarningStatus.Accepted,
                AcceptedAt = now,
                SubmittedBy = "analyst-delivery",
            },
            TestContext.Current.CancellationToken);
        return warningId;
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Warnings;
using RiskAlerts.Core.Warnings.Outbox;
using RiskAlerts.Host.FunctionTimers;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Warnings;

[Collection(LocalStackCollection.Name)]
public sealed class OutboxSweepTests(LocalStackFixture stack)
{
    [Fact]
    public async Task StoredButUnqueuedWarningIsPublishedOnceBySweep()
    {
        var store = stack.Services.GetRequiredService<IWarningStore>();
        var acceptedAt = DateTimeOffset.UtcNow.AddMinutes(-2);
        var stranded = new Warning
        {
            Id = WarningId.New(acceptedAt),
            Source = "analyst",
            Organisation = TestOrganisations.Nationwide,
            OrganisationName = TestOrganisations.NationwideName,
            Headline = "未能入队的预警",
            Description = "队列不可用时已保存。",
            Audience = new WarningAudience("telecom-fraud", Severity.Severe, [RegionCode.Parse("220000")], [], [], [Channel.Sms]),
            Urgency = Urgency.Immediate,
            Certainty = Certainty.Likely,
            EffectiveAt = acceptedAt,
            ExpiresAt = acceptedAt.AddDays(1),
            Language = "zh-CN",
            Status = WarningStatus.Accepted,
            AcceptedAt = acceptedAt,
            SubmittedBy = "analyst-li",
        };
        await store.InsertAsync(stranded, TestContext.Current.CancellationToken);
        var sweep = stack.Services.GetRequiredService<PublishPendingWarningsHandler>();

        var published = await sweep.HandleAsync(TestContext.Current.CancellationToken);
        await sweep.HandleAsync(TestContext.Current.CancellationToken);

        Assert.True(published >= 1);
        Assert.NotNull((await store.FindAsync(stranded.Id, TestContext.Current.CancellationToken))!.PublishedAt);
        var queued = await QueueProbe.PeekAllAsync(stack.ServiceBus, "warnings");
        Assert.Single(queued, m => m.MessageId == stranded.Id);
    }

    [Fact]
    public void TimerFunctionsAreDiscoveredWithTheirConfiguredSchedules()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("OutboxSweepSchedule", "*/10 * * * * *"), new("CompletionSweepSchedule", "*/15 * * * * *"), new("RetentionSchedule", "0 0 19 * * *")]).Build();

        var timers = TimerFunctionRunner.Discover(TimerFunctionRunner.FunctionsAssembly, configuration);

        var from = new DateTime(2026, 11, 27, 8, 0, 3, DateTimeKind.Utc);
        var sweep = Assert.Single(timers, t => t.Name == "SweepOutbox");
        Assert.Equal(from.AddSeconds(7), sweep.Schedule.GetNextOccurrence(from));
        var completion = Assert.Single(timers, t => t.Name == "SweepCompletedWarnings");
        Assert.Equal(from.AddSeconds(12), completion.Schedule.GetNextOccurrence(from));
    }
}

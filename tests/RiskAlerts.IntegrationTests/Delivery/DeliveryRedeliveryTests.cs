using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Deliveries.Plan;
using RiskAlerts.Core.Warnings;
using RiskAlerts.Infrastructure.Messaging.Deliveries;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Delivery;

[Collection(DeliveryStackCollection.Name)]
public sealed class DeliveryRedeliveryTests(DeliveryStackFixture stack)
{
    [Fact]
    public async Task WarningPlannedAgainAfterAnInterruptionAddsNoRowAndSendsNothingTwice()
    {
        var scenario = new DeliveryScenario(stack);
        var subscribers = Enumerable.Range(0, 150).Select(_ => DeliveryScenario.NewSubscriber("520102", [DeliveryScenario.NewContact("c0")])).ToList();
        await scenario.SeedAsync(subscribers);
        var warningId = await scenario.SubmitAsync("520102");
        var before = await scenario.WaitForRowsAsync(warningId, 300, DeliveryScenario.IsFinished);

        // As if the planner had stopped before it recorded Delivering: the next message plans the warning again.
        var warnings = stack.Services.GetRequiredService<IWarningStore>();
        await warnings.UpdateAsync(warningId, w => w with { Status = WarningStatus.Planned }, TestContext.Current.CancellationToken);
        await using (var sender = stack.ServiceBus.CreateSender("warnings"))
        {
            // A fresh message id, so duplicate detection does not hide a second planning run.
            var body = $"{{\"warningId\":\"{warningId}\",\"acceptedAt\":\"{DateTimeOffset.UtcNow:O}\"}}";
            await sender.SendMessageAsync(new ServiceBusMessage(body) { MessageId = warningId + ":again", ContentType = "application/json" }, TestContext.Current.CancellationToken);
        }

        // Delivering once planned again, or already Completed by the completion sweep: planning is over either way.
        await WaitForStatusAsync(warnings, warningId, WarningStatus.Delivering, WarningStatus.Completed);
        await Task.Delay(1_500, TestContext.Current.CancellationToken);
        var after = await scenario.RowsAsync(warningId);

        Assert.Equal(before.Select(r => $"{r.RowKey} {r.ETag}").Order(StringComparer.Ordinal), after.Select(r => $"{r.RowKey} {r.ETag}").Order(StringComparer.Ordinal));
        Assert.Equal(150, scenario.SmsTo(DeliveryScenario.SmsAddresses(subscribers)).Count);
        Assert.Equal(150, scenario.EmailsTo(DeliveryScenario.EmailAddresses(subscribers)).Count);
    }

    [Fact]
    public async Task DuplicateDeliveriesMessageIsHarmless()
    {
        var scenario = new DeliveryScenario(stack);
        var subscribers = Enumerable.Range(0, 30).Select(_ => DeliveryScenario.NewSubscriber("520103", [DeliveryScenario.NewContact("c0", Channel.Sms)])).ToList();
        await scenario.SeedAsync(subscribers);
        var warningId = await scenario.SubmitAsync("520103");
        var rows = await scenario.WaitForRowsAsync(warningId, 30, DeliveryScenario.IsFinished);

        // Every batch again, under new message ids, as a copy arrives from each path that can make
        // one (a redelivery, the planner run again, an operator's replay): marked to be checked.
        await using (var sender = stack.ServiceBus.CreateSender("deliveries"))
        {
            foreach (var partition in rows.GroupBy(r => r.PartitionKey))
            {
                var batch = new DeliveryBatch($"{warningId}:{partition.Key}:dup", warningId, Channel.Sms, partition.Key, 1, [.. partition.OrderBy(r => r.RowKey, StringComparer.Ordinal).Select(r => new DeliveryBatchRecipient(r.RowKey, r.GetString("Address")))]) { Verify = true };
                var message = new ServiceBusMessage(DeliveryBatchMessage.ToBody(batch)) { MessageId = batch.MessageId };
                message.ApplicationProperties["channel"] = "sms";
                await sender.SendMessageAsync(message, TestContext.Current.CancellationToken);
            }
        }

        await WaitUntilDrainedAsync();
        var after = await scenario.RowsAsync(warningId);

        Assert.Equal(30, scenario.SmsTo(DeliveryScenario.SmsAddresses(subscribers)).Count);
        Assert.Equal(rows.Select(r => $"{r.RowKey} {r.ETag}").Order(StringComparer.Ordinal), after.Select(r => $"{r.RowKey} {r.ETag}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ExpiredWarningIsNeitherPlannedNorSent()
    {
        var scenario = new DeliveryScenario(stack);
        var subscribers = Enumerable.Range(0, 5).Select(_ => DeliveryScenario.NewSubscriber("520111", [DeliveryScenario.NewContact("c0")])).ToList();
        await scenario.SeedAsync(subscribers);
        var warnings = stack.Services.GetRequiredService<IWarningStore>();
        var queue = stack.Services.GetRequiredService<IWarningQueue>();
        var now = DateTimeOffset.UtcNow;
        var warningId = WarningId.New(now);
        var expired = new Warning
        {
            Id = warningId,
            Source = "analyst",
            Organisation = TestOrganisations.Nationwide,
            OrganisationName = TestOrganisations.NationwideName,
            Headline = "已过期预警",
            Description = "d",
            Audience = new WarningAudience("telecom-fraud", Severity.Severe, [RiskAlerts.Core.Regions.RegionCode.Parse("520111")], [], [], [Channel.Sms, Channel.Email]),
            Urgency = Urgency.Immediate,
            Certainty = Certainty.Observed,
            EffectiveAt = now.AddHours(-2),
            ExpiresAt = now.AddSeconds(-1),
            Language = "zh-CN",
            Status = WarningStatus.Accepted,
            AcceptedAt = now.AddHours(-2),
            SubmittedBy = "analyst-delivery",
        };
        await warnings.InsertAsync(expired, TestContext.Current.CancellationToken);
        await queue.PublishAsync(expired with { ExpiresAt = now.AddMinutes(1) }, TestContext.Current.CancellationToken);

        await WaitForStatusAsync(warnings, warningId, WarningStatus.Expired);

        Assert.Empty(await scenario.RowsAsync(warningId));
        Assert.Empty(scenario.SmsTo(DeliveryScenario.AllAddresses(subscribers)));
        Assert.Empty(scenario.EmailsTo(DeliveryScenario.AllAddresses(subscribers)));
    }

    [Fact]
    public async Task BatchOfAWarningThatExpiredAfterPlanningIsExpiredNotSent()
    {
        var scenario = new DeliveryScenario(stack);
        var subscribers = Enumerable.Range(0, 5).Select(_ => DeliveryScenario.NewSubscriber("520112", [DeliveryScenario.NewContact("c0", Channel.Sms)])).ToList();
        await scenario.SeedAsync(subscribers);
        var warnings = stack.Services.GetRequiredService<IWarningStore>();
        var now = DateTimeOffset.UtcNow;
        var warningId = WarningId.New(now);
        await warnings.InsertAsync(
            new Warning
            {
                Id = warningId,
                Source = "analyst",
                Organisation = TestOrganisations.Nationwide,
                OrganisationName = TestOrganisations.NationwideName,
                Headline = "即将过期",
                Description = "d",
                Audience = new WarningAudience("telecom-fraud", Severity.Severe, [RiskAlerts.Core.Regions.RegionCode.Parse("520112")], [], [], [Channel.Sms]),
                Urgency = Urgency.Immediate,
                Certainty = Certainty.Observed,
                EffectiveAt = now,
                ExpiresAt = now.AddSeconds(2),
                Language = "zh-CN",
                Status = WarningStatus.Delivering,
                AcceptedAt = now,
                SubmittedBy = "analyst-delivery",
            },
            TestContext.Current.CancellationToken);

        // Rows as the planner writes them; the batch message arrives after the warning's expiry
        // (the topic would have dropped it; a message already taken must still not be sent).
        var resolver = stack.Services.GetRequiredService<RiskAlerts.Core.Matching.AudienceResolver>();
        var recipients = await resolver.ResolveAsync(new WarningAudience("telecom-fraud", Severity.Severe, [RiskAlerts.Core.Regions.RegionCode.Parse("520112")], [], [], [Channel.Sms]), now, TestContext.Current.CancellationToken);
        var chunks = DeliveryPlan.Build(warningId, recipients, now);
        var store = stack.Services.GetRequiredService<IDeliveryStore>();
        foreach (var chunk in chunks)
        {
            await store.AddAsync(chunk.Rows, TestContext.Current.CancellationToken);
        }

        await Task.Delay(2_500, TestContext.Current.CancellationToken);
        var publisher = stack.Services.GetRequiredService<IDeliveryBatchPublisher>();
        foreach (var chunk in chunks)
        {
            await publisher.PublishAsync(new DeliveryBatch(chunk.MessageId(warningId), warningId, chunk.Channel, chunk.PartitionKey, 1, [.. chunk.Rows.Select(r => new DeliveryBatchRecipient(r.RowKey, r.Address))]), DateTimeOffset.UtcNow.AddMinutes(1), null, TestContext.Current.CancellationToken);
        }

        var rows = await scenario.WaitForRowsAsync(warningId, 5, DeliveryScenario.IsFinished);

        Assert.All(rows, r => Assert.Equal(("Expired", "warning expired"), (r.GetString("Status"), r.GetString("Reason"))));
        Assert.Empty(scenario.SmsTo(DeliveryScenario.AllAddresses(subscribers)));
    }

    private static async Task WaitForStatusAsync(IWarningStore warnings, string warningId, params WarningStatus[] statuses)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if ((await warnings.FindAsync(warningId, TestContext.Current.CancellationToken))?.Status is { } status && statuses.Contains(status))
            {
                return;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"Warning {warningId} did not reach {string.Join(" or ", statuses)}.");
    }

    private async Task WaitUntilDrainedAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var sms = stack.Broker.GetCounts("deliveries/subscriptions/sms");
            if (sms.Active == 0)
            {
                await Task.Delay(500, TestContext.Current.CancellationToken);
                return;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}

using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;
using RiskAlerts.Channels.Sms;
using RiskAlerts.Core;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries.Send;
using RiskAlerts.Core.Deliveries.Sms;

namespace RiskAlerts.IntegrationTests.Delivery;

/// <summary>The senders against a misbehaving SMS provider; gateway faults are shared, so they are reset after each test.</summary>
[Collection(DeliveryStackCollection.Name)]
public sealed class DeliveryFaultTests(DeliveryStackFixture stack) : IAsyncDisposable
{
    [Fact]
    public async Task TransientProviderFaultsOnBothProvidersStillDeliverEveryMessageExactlyOnce()
    {
        stack.SmsGateway.Faults.TransientFailureRate = 0.3;
        stack.BackupSmsGateway.Faults.TransientFailureRate = 0.3;
        var scenario = new DeliveryScenario(stack);
        var subscribers = Enumerable.Range(0, 300).Select(_ => DeliveryScenario.NewSubscriber("620102", [DeliveryScenario.NewContact("c0", Channel.Sms)])).ToList();
        await scenario.SeedAsync(subscribers);
        var phones = DeliveryScenario.SmsAddresses(subscribers).ToList();

        var warningId = await scenario.SubmitAsync("620102");
        var rows = await scenario.WaitForRowsAsync(warningId, 300, DeliveryScenario.IsFinished, TimeSpan.FromSeconds(90));

        Assert.All(rows, r => Assert.Equal("Delivered", r.GetString("Status")));
        Assert.Equal(phones.Order(StringComparer.Ordinal), scenario.SmsTo(phones).Select(m => m.Phone).Order(StringComparer.Ordinal));
        Assert.Contains(stack.SmsGateway.Requests, r => r.StatusCode == 503);
    }

    [Fact]
    public async Task PermanentRejectionFailsTheRecipientWithTheProviderReasonAndIsNeverRetried()
    {
        var scenario = new DeliveryScenario(stack);
        var subscribers = Enumerable.Range(0, 20).Select(_ => DeliveryScenario.NewSubscriber("620103", [DeliveryScenario.NewContact("c0", Channel.Sms)])).ToList();
        await scenario.SeedAsync(subscribers);
        var rejected = DeliveryScenario.SmsAddresses(subscribers.Take(5)).ToList();
        foreach (var phone in rejected)
        {
            stack.SmsGateway.Faults.RejectPhone(phone);
        }

        var warningId = await scenario.SubmitAsync("620103");
        var rows = await scenario.WaitForRowsAsync(warningId, 20, DeliveryScenario.IsFinished);

        var failed = rows.Where(r => rejected.Contains(r.GetString("Address"))).ToList();
        Assert.Equal(5, failed.Count);
        Assert.All(failed, r =>
        {
            Assert.Equal("Failed", r.GetString("Status"));
            Assert.Contains("BLACKLISTED", r.GetString("Reason"), StringComparison.Ordinal);
            Assert.Equal(0, r.GetInt32("Attempts"));
        });
        Assert.Equal(15, rows.Count(r => r.GetString("Status") == "Delivered"));
        Assert.Empty(scenario.SmsTo(rejected));
    }

    [Fact]
    public async Task ProviderDownFailsOverToTheSecondProvider()
    {
        stack.SmsGateway.Faults.Down = true;
        var scenario = new DeliveryScenario(stack);
        var subscribers = Enumerable.Range(0, 40).Select(_ => DeliveryScenario.NewSubscriber("620104", [DeliveryScenario.NewContact("c0", Channel.Sms)])).ToList();
        await scenario.SeedAsync(subscribers);
        var phones = DeliveryScenario.SmsAddresses(subscribers).ToList();

        var warningId = await scenario.SubmitAsync("620104");
        var rows = await scenario.WaitForRowsAsync(warningId, 40, DeliveryScenario.IsFinished);

        Assert.All(rows, r => Assert.Equal(("Delivered", "backup"), (r.GetString("Status"), r.GetString("Provider"))));
        Assert.DoesNotContain(stack.SmsGateway.Messages, m => phones.Contains(m.Phone));
        Assert.Equal(40, stack.BackupSmsGateway.Messages.Count(m => phones.Contains(m.Phone)));
    }

    [Fact]
    public async Task NumberAtItsDailyCapIsSuppressedAndNotSent()
    {
        var scenario = new DeliveryScenario(stack);
        var subscribers = Enumerable.Range(0, 10).Select(_ => DeliveryScenario.NewSubscriber("620105", [DeliveryScenario.NewContact("c0", Channel.Sms)])).ToList();
        await scenario.SeedAsync(subscribers);
        var capped = DeliveryScenario.SmsAddresses(subscribers.Take(3)).ToList();
        var counter = stack.Services.GetRequiredService<ISmsDailyCounter>();
        var day = ChinaStandardTime.DayOf(DateTimeOffset.UtcNow);
        foreach (var earlier in Enumerable.Range(0, 50))
        {
            // Fifty warnings reached these numbers today (the default cap), as their senders count them.
            var refused = await counter.ReserveAsync($"earlier-warning-{earlier:D2}", capped, day, cap: 1_000, TestContext.Current.CancellationToken);
            Assert.Empty(refused);
        }

        var warningId = await scenario.SubmitAsync("620105");
        var rows = await scenario.WaitForRowsAsync(warningId, 10, DeliveryScenario.IsFinished);

        Assert.All(rows.Where(r => capped.Contains(r.GetString("Address"))), r => Assert.Equal(("Suppressed", "cap"), (r.GetString("Status"), r.GetString("Reason"))));
        Assert.Equal(7, rows.Count(r => r.GetString("Status") == "Delivered"));
        Assert.Empty(scenario.SmsTo(capped));
    }

    public async ValueTask DisposeAsync()
    {
        stack.SmsGateway.Faults.Reset();
        stack.BackupSmsGateway.Faults.Reset();

        // A provider whose circuit a test broke is skipped until a trial request after the break
        // duration (1 s in the fixture) succeeds; while half-open, concurrent batches go to the other
        // provider. Close the circuits with a probe SMS each, so the next test finds both providers in use.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        foreach (var route in stack.Services.GetRequiredService<FailoverSmsSender>().Routes)
        {
            while (route.CircuitState != CircuitState.Closed && DateTime.UtcNow < deadline)
            {
                var probe = new SmsBatch("风险预警", "risk-warning", new Dictionary<string, string>(), "probe", [new SmsRecipient("probe", DeliveryScenario.NewPhone())]);
                try
                {
                    await route.Pipeline.ExecuteAsync(static (state, token) => new ValueTask<SmsBatchResult>(state.Provider.SendAsync(state.Batch, token)), (route.Provider, Batch: probe), CancellationToken.None);
                }
                catch (BrokenCircuitException)
                {
                    await Task.Delay(250, CancellationToken.None);
                }
            }
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Security;
using RiskAlerts.IntegrationTests.Delivery;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Operations;

/// <summary>
/// The operator's way out of an outage: every provider fails until the batch's retries run out and
/// it is dead-lettered; the fault clears; the replay sends each message once, and a second replay nothing.
/// </summary>
[Collection(DeliveryStackCollection.Name)]
public sealed class DeadLetterReplayDeliveryTests(DeliveryStackFixture stack) : IDisposable
{
    [Fact]
    public async Task ReplayAfterTheOutageDeliversEveryRecipientExactlyOnce()
    {
        var deadLettered = new ConcurrentBag<string?>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "riskalerts.messages.deadlettered")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    deadLettered.Add(tag.Value as string);
                }
            }
        });
        listener.Start();
        stack.SmsGateway.Faults.Down = true;
        stack.BackupSmsGateway.Faults.Down = true;
        var scenario = new DeliveryScenario(stack);
        var subscribers = Enumerable.Range(0, 4).Select(_ => DeliveryScenario.NewSubscriber("620521", [DeliveryScenario.NewContact("c0", Channel.Sms)])).ToList();
        await scenario.SeedAsync(subscribers);
        var phones = DeliveryScenario.SmsAddresses(subscribers).ToList();
        using var operatorClient = stack.ClientFor(Role.Operator, name: "operator-replay");

        var warningId = await scenario.SubmitAsync("620521");
        var failed = await scenario.WaitForRowsAsync(warningId, 4, DeliveryScenario.IsFinished, TimeSpan.FromSeconds(90));
        Assert.All(failed, r => Assert.StartsWith("retries exhausted", r.GetString("Reason"), StringComparison.Ordinal));
        var letters = await WaitForDeadLettersAsync(operatorClient, warningId);
        Assert.All(letters, l => Assert.Equal("RetriesExhausted", l.GetProperty("reason").GetString()));
        Assert.True(deadLettered.Count(r => r == "RetriesExhausted") >= letters.Count, "each dead letter is counted by the dead-letter metric");
        Assert.Empty(scenario.SmsTo(phones));

        stack.SmsGateway.Faults.Down = false;
        stack.BackupSmsGateway.Faults.Down = false;
        foreach (var letter in letters)
        {
            using var replay = await operatorClient.PostAsync($"/api/operations/deadletters/sms/{letter.GetProperty("sequenceNumber").GetInt64()}/replay", null, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        }

        var rows = await scenario.WaitForRowsAsync(warningId, 4, r => r.GetString("Status") == "Delivered", TimeSpan.FromSeconds(60));
        Assert.All(rows, r => Assert.True(r.GetInt32("Attempts") >= 1, "the outage's failed attempts stay counted"));
        Assert.Equal(phones.Order(StringComparer.Ordinal), scenario.SmsTo(phones).Select(m => m.Phone).Order(StringComparer.Ordinal));

        // A second replay of the same letters finds nothing and sends nothing.
        foreach (var letter in letters)
        {
            using var again = await operatorClient.PostAsync($"/api/operations/deadletters/sms/{letter.GetProperty("sequenceNumber").GetInt64()}/replay", null, TestContext.Current.CancellationToken);
            await ProblemAssertions.AssertProblemAsync(again, HttpStatusCode.NotFound);
        }

        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        Assert.Equal(4, scenario.SmsTo(phones).Count);
        var audit = JsonDocument.Parse(await operatorClient.GetStringAsync("/api/operations/audit?max=1000", TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(
            letters.Count,
            audit.GetProperty("items").EnumerateArray().Count(e => e.GetProperty("actor").GetString() == "operator-replay" && e.GetProperty("action").GetString() == "deadletter.replay"));
    }

    public void Dispose()
    {
        stack.SmsGateway.Faults.Down = false;
        stack.BackupSmsGateway.Faults.Down = false;
    }

    private static async Task<List<JsonElement>> WaitForDeadLettersAsync(HttpClient client, string warningId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var list = JsonDocument.Parse(await client.GetStringAsync("/api/operations/deadletters/sms?max=200", TestContext.Current.CancellationToken)).RootElement;
            var ours = list.GetProperty("items").EnumerateArray().Where(l => l.GetProperty("messageId").GetString()!.StartsWith(warningId, StringComparison.Ordinal)).Select(l => l.Clone()).ToList();
            if (ours.Count > 0 || DateTime.UtcNow > deadline)
            {
                Assert.NotEmpty(ours);
                return ours;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}

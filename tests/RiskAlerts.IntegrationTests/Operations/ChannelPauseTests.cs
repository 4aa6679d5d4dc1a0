using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Operations.Pauses;
using RiskAlerts.Core.Security;
using RiskAlerts.IntegrationTests.Delivery;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Operations;

/// <summary>
/// Pause and resume on the delivery stack: what a pause holds back waits in Service Bus and, once
/// resumed, arrives exactly once (counted at the stand-ins). Pauses are global to the stack's host,
/// so every test resumes what it paused, and the class runs in the delivery collection, one test at a time.
/// </summary>
[Collection(DeliveryStackCollection.Name)]
public sealed class ChannelPauseTests(DeliveryStackFixture stack)
{
    private const string SmsSubscription = "deliveries/subscriptions/sms";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PausedSmsChannelHoldsItsMessagesInServiceBusAndAfterResumeEveryNumberGetsExactlyOneSms()
    {
        using var operatorClient = stack.ClientFor(Role.Operator, name: "operator-pause");
        try
        {
            await PauseAsync(operatorClient, "channels/sms", "provider maintenance window");
            await WaitForHostAsync(state => state.IsChannelPaused("sms"));

            var scenario = new DeliveryScenario(stack);
            var subscribers = Enumerable.Range(0, 20).Select(_ => DeliveryScenario.NewSubscriber("620111", [DeliveryScenario.NewContact("c0", Channel.Sms, Channel.Email)])).ToList();
            await scenario.SeedAsync(subscribers);
            var phones = DeliveryScenario.SmsAddresses(subscribers).ToList();
            var mailboxes = DeliveryScenario.EmailAddresses(subscribers).ToList();
            var warningId = await scenario.SubmitAsync("620111");

            // Email is not paused: it is delivered while SMS waits.
            await WaitUntilAsync(
                async () => (await scenario.RowsAsync(warningId)).Count(r => r.GetString("Channel") == "email" && r.GetString("Status") == "Sent") == mailboxes.Count,
                TimeSpan.FromSeconds(60),
                "every email sent while SMS is paused");
            Assert.Equal(mailboxes.Order(StringComparer.OrdinalIgnoreCase), scenario.EmailsTo(mailboxes).SelectMany(m => m.To).Order(StringComparer.OrdinalIgnoreCase));

            // For a while (ten poll intervals) nothing goes out by SMS, and the batches stay in the subscription.
            var quietUntil = DateTime.UtcNow + TimeSpan.FromSeconds(2);
            while (DateTime.UtcNow < quietUntil)
            {
                Assert.Empty(scenario.SmsTo(phones));
                await Task.Delay(200, Ct);
            }

            Assert.True(stack.Broker.GetCounts(SmsSubscription).Active > 0, "the SMS batches wait in Service Bus");
            Assert.All((await scenario.RowsAsync(warningId)).Where(r => r.GetString("Channel") == "sms"), r => Assert.Equal("Planned", r.GetString("Status")));

            await ResumeAsync(operatorClient, "channels/sms", expectWasPaused: true);
            var rows = await scenario.WaitForRowsAsync(warningId, phones.Count + mailboxes.Count, DeliveryScenario.IsFinished, TimeSpan.FromSeconds(120));

            Assert.All(rows.Where(r => r.GetString("Channel") == "sms"), r => Assert.Equal("Delivered", r.GetString("Status")));
            Assert.Equal(phones.Order(StringComparer.Ordinal), scenario.SmsTo(phones).Select(m => m.Phone).Order(StringComparer.Ordinal));
            Assert.Equal(mailboxes.Count, scenario.EmailsTo(mailboxes).Count);
        }
        finally
        {
            await ResumeQuietlyAsync(operatorClient, "channels/sms");
        }
    }

    [Fact]
    public async Task PausingWhileABatchIsWithTheProviderLetsItFinishAndLosesNothing()
    {
        using var operatorClient = stack.ClientFor(Role.Operator, name: "operator-pause");
        stack.SmsGateway.Faults.Latency = TimeSpan.FromSeconds(2);
        try
        {
            var scenario = new DeliveryScenario(stack);
            var subscribers = Enumerable.Range(0, 20).Select(_ => DeliveryScenario.NewSubscriber("620122", [DeliveryScenario.NewContact("c0", Channel.Sms)])).ToList();
            await scenario.SeedAsync(subscribers);
            var phones = DeliveryScenario.SmsAddresses(subscribers).ToList();
            var warningId = await scenario.SubmitAsync("620122");
            await WaitUntilAsync(
                () => Task.FromResult(stack.SmsGateway.RequestsInFlight > 0),
                TimeSpan.FromSeconds(60),
                "a batch with the slow gateway");

            await PauseAsync(operatorClient, "channels/sms", "pause during a send");
            await WaitForHostAsync(state => state.IsChannelPaused("sms"));

            // The batches in flight are not cancelled by the pause: their rows get the gateway's answer.
            await WaitUntilAsync(
                () => Task.FromResult(stack.SmsGateway.RequestsInFlight == 0),
                TimeSpan.FromSeconds(60),
                "the batches in flight to finish");
            await Task.Delay(TimeSpan.FromMilliseconds(500), Ct);
            var paused = await scenario.RowsAsync(warningId);
            Assert.Contains(paused, r => r.GetString("Status") is "Sent" or "Delivered");
            Assert.All(paused, r => Assert.Contains(r.GetString("Status"), new[] { "Planned", "Sent", "Delivered" }));

            await ResumeAsync(operatorClient, "channels/sms", expectWasPaused: true);
            var rows = await scenario.WaitForRowsAsync(warningId, phones.Count, DeliveryScenario.IsFinished, TimeSpan.FromSeconds(120));

            Assert.All(rows, r => Assert.Equal("Delivered", r.GetString("Status")));
            Assert.Equal(phones.Order(StringComparer.Ordinal), scenario.SmsTo(phones).Select(m => m.Phone).Order(StringComparer.Ordinal));
        }
        finally
        {
            stack.SmsGateway.Faults.Reset();
            await ResumeQuietlyAsync(operatorClient, "channels/sms");
        }
    }

    [Fact]
    public async Task PausedProviderIsPassedOverAndTheOtherProviderTakesTheTrafficExactlyOnce()
    {
        using var operatorClient = stack.ClientFor(Role.Operator, name: "operator-pause");
        try
        {
            await PauseAsync(operatorClient, "providers/primary", "primary gateway reports delays");
            await WaitForHostAsync(state => state.IsProviderPaused("primary"));

            var scenario = new DeliveryScenario(stack);
            var subscribers = Enumerable.Range(0, 15).Select(_ => DeliveryScenario.NewSubscriber("620121", [DeliveryScenario.NewContact("c0", Channel.Sms)])).ToList();
            await scenario.SeedAsync(subscribers);
            var phones = DeliveryScenario.SmsAddresses(subscribers).ToList();
            var warningId = await scenario.SubmitAsync("620121");
            var rows = await scenario.WaitForRowsAsync(warningId, phones.Count, DeliveryScenario.IsFinished, TimeSpan.FromSeconds(90));

            Assert.All(rows, r => Assert.Equal(("Delivered", "backup"), (r.GetString("Status"), r.GetString("Provider"))));
            Assert.DoesNotContain(stack.SmsGateway.Messages, m => phones.Contains(m.Phone));
            Assert.Equal(phones.Order(StringComparer.Ordinal), stack.BackupSmsGateway.Messages.Where(m => phones.Contains(m.Phone)).Select(m => m.Phone).Order(StringComparer.Ordinal));
        }
        finally
        {
            await ResumeQuietlyAsync(operatorClient, "providers/primary");
        }
    }

    [Fact]
    public async Task PausesAreListedWithWhoWhenAndWhyAndEveryProviderPausedPausesTheSmsChannel()
    {
        using var operatorClient = stack.ClientFor(Role.Operator, name: "operator-list");
        try
        {
            var paused = await PauseAsync(operatorClient, "providers/PRIMARY", "  carrier incident  ");
            Assert.Equal(("provider:primary", "primary", "operator-list", "carrier incident"), (paused.GetProperty("target").GetString(), paused.GetProperty("name").GetString(), paused.GetProperty("pausedBy").GetString(), paused.GetProperty("reason").GetString()));

            var list = await ListAsync(operatorClient);
            Assert.Equal(["primary", "backup"], list.GetProperty("smsProviders").EnumerateArray().Select(p => p.GetString()));
            Assert.Equal(["sms", "email"], list.GetProperty("channels").EnumerateArray().Select(p => p.GetString()));
            Assert.Empty(list.GetProperty("pausedChannels").EnumerateArray());
            Assert.Equal(["provider:primary"], list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("target").GetString()));

            await PauseAsync(operatorClient, "providers/backup", "carrier incident");
            list = await ListAsync(operatorClient);
            Assert.Equal(["sms"], list.GetProperty("pausedChannels").EnumerateArray().Select(c => c.GetString()));

            await ResumeAsync(operatorClient, "providers/primary", expectWasPaused: true);
            await ResumeAsync(operatorClient, "providers/primary", expectWasPaused: false);

            // Two pauses and the one resume that changed something are in the audit trail, newest first.
            var audit = (await operatorClient.GetFromJsonAsync<JsonElement>("/api/operations/audit?max=1000", Ct)).GetProperty("items").EnumerateArray()
                .Where(e => e.GetProperty("actor").GetString() == "operator-list")
                .Select(e => (e.GetProperty("action").GetString(), e.GetProperty("target").GetString()))
                .ToList();
            Assert.Equal([("channel.resume", "provider:primary"), ("channel.pause", "provider:backup"), ("channel.pause", "provider:primary")], audit);
        }
        finally
        {
            await ResumeQuietlyAsync(operatorClient, "providers/primary", "providers/backup");
        }

        Assert.Empty((await ListAsync(operatorClient)).GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("PUT", "channels/fax", """{ "reason": "maintenance" }""", "channel")]
    [InlineData("PUT", "providers/aliyun", """{ "reason": "maintenance" }""", "provider")]
    [InlineData("PUT", "channels/sms", "{}", "reason")]
    [InlineData("PUT", "channels/sms", """{ "reason": "   " }""", "reason")]
    [InlineData("PUT", "providers/primary", """{ "reason": null }""", "reason")]
    [InlineData("PUT", "channels/sms", """{ "reason": "maintenance", "until": "tomorrow" }""", "until")]
    [InlineData("PUT", "channels/fax", "{}", "channel,reason")]
    [InlineData("DELETE", "channels/fax", null, "channel")]
    [InlineData("DELETE", "providers/aliyun", null, "provider")]
    public async Task BadInputIsAProblemNamingTheFieldAndChangesNothing(string method, string path, string? body, string fields)
    {
        using var operatorClient = stack.ClientFor(Role.Operator, name: "operator-bad-input");
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/operations/pauses/{path}");
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await operatorClient.SendAsync(request, Ct);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(fields.Split(','), ProblemAssertions.ErrorFields(problem));
        Assert.Empty((await ListAsync(operatorClient)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task ReasonLongerThanFiveHundredCharactersIsRefused()
    {
        using var operatorClient = stack.ClientFor(Role.Operator, name: "operator-bad-input");
        using var response = await operatorClient.PutAsJsonAsync("/api/operations/pauses/channels/email", new { reason = new string('x', 501) }, Ct);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["reason"], ProblemAssertions.ErrorFields(problem));
        Assert.Empty((await ListAsync(operatorClient)).GetProperty("items").EnumerateArray());
    }

    private static async Task<JsonElement> PauseAsync(HttpClient client, string path, string reason)
    {
        using var response = await client.PutAsJsonAsync($"/api/operations/pauses/{path}", new { reason }, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"pause {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task ResumeAsync(HttpClient client, string path, bool expectWasPaused)
    {
        using var response = await client.DeleteAsync($"/api/operations/pauses/{path}", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"resume {path}: {(int)response.StatusCode} {text}");
        Assert.Equal(expectWasPaused, JsonDocument.Parse(text).RootElement.GetProperty("wasPaused").GetBoolean());
    }

    /// <summary>
    /// Lifts a pause whatever the test's outcome and waits until the senders have seen it, so the
    /// next test in the collection runs unpaused.
    /// </summary>
    private async Task ResumeQuietlyAsync(HttpClient client, params string[] paths)
    {
        foreach (var path in paths)
        {
            using var response = await client.DeleteAsync($"/api/operations/pauses/{path}", CancellationToken.None);
        }

        await WaitForHostAsync(state => state.Pauses.Count == 0);
    }

    private static async Task<JsonElement> ListAsync(HttpClient client) =>
        await client.GetFromJsonAsync<JsonElement>("/api/operations/pauses", Ct);

    /// <summary>Waits until the host's senders have read a pause (they poll every 200 ms in the fixture).</summary>
    private async Task WaitForHostAsync(Func<PauseState, bool> condition)
    {
        var live = stack.Services.GetRequiredService<LivePauseState>();
        await WaitUntilAsync(() => Task.FromResult(condition(live.Current)), TimeSpan.FromSeconds(30), "the senders see the pause");

        // Each sender polls on its own and the first to read the pause updates the shared state:
        // the other acts on it within one more interval.
        await Task.Delay(TimeSpan.FromMilliseconds(600), Ct);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(200, Ct);
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Operations.Pauses;
using RiskAlerts.Core.Security;

namespace RiskAlerts.IntegrationTests.Delivery;

/// <summary>
/// CAP Update and Cancel end to end: the planner, the senders, the SMS gateway and the SMTP server
/// of the delivery stack, counted at the stand-ins. Each scenario lives in counties of Guangxi,
/// which no other test seeds, and each scenario in its own prefecture, so the rows of a plan are the scenario's own.
/// </summary>
[Collection(DeliveryStackCollection.Name)]
public sealed class FollowUpDeliveryTests(DeliveryStackFixture stack)
{
    private const string Kept = "450102";
    private const string Dropped = "450103";
    private const string NanningLate = "450105";
    private const string Elsewhere = "450302";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UpdateThatNarrowsTheAreaCorrectsEveryEarlierRecipientOnceWarnsNewMatchesOnceAndNobodyElse()
    {
        var scenario = new DeliveryScenario(stack);
        var random = new Random(20261202);
        Channel[][] mixes = [[Channel.Sms], [Channel.Email], [Channel.Sms, Channel.Email]];
        Subscriber NewSubscriber(string county) =>
            DeliveryScenario.NewSubscriber(county, [.. Enumerable.Range(0, random.Next(1, 3)).Select(c => DeliveryScenario.NewContact($"c{c}", mixes[random.Next(mixes.Length)]))]);
        var earlier = Enumerable.Range(0, 1_000).Select(i => NewSubscriber(i % 2 == 0 ? Kept : Dropped)).ToList();
        var outsiders = Enumerable.Range(0, 30).Select(_ => NewSubscriber(Elsewhere)).ToList();
        await scenario.SeedAsync([.. earlier, .. outsiders]);
        var alertId = await scenario.SubmitAsync("450100");
        var alertRows = await scenario.WaitForRowsAsync(alertId, Rows(earlier), DeliveryScenario.IsFinished, TimeSpan.FromSeconds(90));

        // Registered after the alert: those in the updated area are new matches; those outside it hear nothing.
        var newMatches = Enumerable.Range(0, 40).Select(_ => NewSubscriber(Kept)).ToList();
        var lateOutside = Enumerable.Range(0, 30).Select(_ => NewSubscriber(NanningLate)).ToList();
        await scenario.SeedAsync([.. newMatches, .. lateOutside]);

        // A contact that changed its number and mailbox since: it is corrected where it was warned, once.
        var moved = earlier[0];
        var movedContact = moved.Contacts[0] with { Mobile = DeliveryScenario.NewPhone(), Email = DeliveryScenario.NewEmail() };
        await scenario.SeedAsync([moved with { Contacts = [movedContact, .. moved.Contacts.Skip(1)] }]);

        var update = new { regions = new[] { Kept }, headline = "冒充公检法诈骗预警（范围更正）", severity = "Moderate" };
        var (first, _) = await IssueAsync(scenario, $"/api/warnings/{alertId}/updates", update, "update-narrow-1");
        var updateId = first.GetProperty("id").GetString()!;
        var updateRows = await scenario.WaitForRowsAsync(updateId, Rows(earlier) + Rows(newMatches), DeliveryScenario.IsFinished, TimeSpan.FromSeconds(90));
        var (replayed, replayedHeader) = await IssueAsync(scenario, $"/api/warnings/{alertId}/updates", update, "update-narrow-1");
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);

        Assert.Equal(("Update", updateId, true), (first.GetProperty("messageType").GetString(), replayed.GetProperty("id").GetString(), replayedHeader));
        Assert.Equal([alertId], first.GetProperty("references").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(Rows(earlier) + Rows(newMatches), (await scenario.RowsAsync(updateId)).Count);
        Assert.Equal(alertRows.Count, updateRows.Count(r => r.GetBoolean("FollowsEarlier") == true));

        // Every earlier number and mailbox: the warning, then exactly one correction naming it.
        foreach (var phone in DeliveryScenario.SmsAddresses(earlier))
        {
            var texts = scenario.SmsTo([phone]).Select(m => m.Text).ToList();
            Assert.Equal(2, texts.Count);
            Assert.Single(texts, t => t.Contains("【更正】", StringComparison.Ordinal) && t.Contains("“冒充公检法诈骗预警”", StringComparison.Ordinal) && t.Contains("范围更正", StringComparison.Ordinal));
        }

        foreach (var mailbox in DeliveryScenario.EmailAddresses(earlier))
        {
            var subjects = scenario.EmailsTo([mailbox]).Select(m => m.Subject).ToList();
            Assert.Equal(2, subjects.Count);
            Assert.Single(subjects, s => s.Contains("【更正】", StringComparison.Ordinal));
        }

        // New matches: one normal warning with the updated text, no correction.
        foreach (var phone in DeliveryScenario.SmsAddresses(newMatches))
        {
            var text = Assert.Single(scenario.SmsTo([phone])).Text;
            Assert.Contains("范围更正", text, StringComparison.Ordinal);
            Assert.DoesNotContain("【更正】", text, StringComparison.Ordinal);
        }

        foreach (var mailbox in DeliveryScenario.EmailAddresses(newMatches))
        {
            Assert.DoesNotContain("【更正】", Assert.Single(scenario.EmailsTo([mailbox])).Subject, StringComparison.Ordinal);
        }

        Assert.Empty(scenario.SmsTo([movedContact.Mobile!]));
        Assert.Empty(scenario.EmailsTo([movedContact.Email!]));
        Assert.Empty(scenario.SmsTo(DeliveryScenario.AllAddresses([.. outsiders, .. lateOutside])));
        Assert.Empty(scenario.EmailsTo(DeliveryScenario.AllAddresses([.. outsiders, .. lateOutside])));
        using var analyst = stack.ClientFor(Role.Analyst, name: "analyst-delivery");
        var alert = await analyst.GetFromJsonAsync<JsonElement>($"/api/warnings/{alertId}", Ct);
        Assert.Equal(("Superseded", updateId), (alert.GetProperty("status").GetString(), alert.GetProperty("supersededBy").GetString()));
    }

    [Fact]
    public async Task CancelAfterPartialDeliveryExpiresWhatWaitsAndCallsItOffOnceForEveryoneAlreadySentAndForNobodyElse()
    {
        using var operatorClient = stack.ClientFor(Role.Operator, name: "operator-cancel");
        var scenario = new DeliveryScenario(stack);
        Channel[][] mixes = [[Channel.Sms], [Channel.Email], [Channel.Sms, Channel.Email]];
        var subscribers = Enumerable.Range(0, 300).Select(i => DeliveryScenario.NewSubscriber(i % 2 == 0 ? "450203" : "450204", [DeliveryScenario.NewContact("c0", mixes[i % mixes.Length])])).ToList();
        await scenario.SeedAsync(subscribers);
        var phones = DeliveryScenario.SmsAddresses(subscribers).ToList();
        var mailboxes = DeliveryScenario.EmailAddresses(subscribers).ToList();
        string alertId;
        string cancelId;
        JsonElement replayed;
        bool replayedHeader;
        try
        {
            // SMS paused: the emails go out, the SMS rows wait.
            await PauseSmsAsync(operatorClient);
            alertId = await scenario.SubmitAsync("450200");
            var alertRows = await scenario.WaitForRowsAsync(alertId, phones.Count + mailboxes.Count, r => r.GetString("Channel") == "sms" || r.GetString("Status") == "Sent");
            Assert.Equal(phones.Count, alertRows.Count(r => r.GetString("Channel") == "sms" && r.GetString("Status") == "Planned"));

            JsonElement first;
            (first, _) = await IssueAsync(scenario, $"/api/warnings/{alertId}/cancel", new { reason = "经核实为误报，请忽略此前预警。" }, "cancel-partial-1");
            cancelId = first.GetProperty("id").GetString()!;
            await scenario.WaitForRowsAsync(cancelId, mailboxes.Count, DeliveryScenario.IsFinished, TimeSpan.FromSeconds(60));
            (replayed, replayedHeader) = await IssueAsync(scenario, $"/api/warnings/{alertId}/cancel", new { reason = "经核实为误报，请忽略此前预警。" }, "cancel-partial-1");
            Assert.Equal(("Cancel", cancelId, true), (first.GetProperty("messageType").GetString(), replayed.GetProperty("id").GetString(), replayedHeader));
        }
        finally
        {
            await ResumeSmsAsync(operatorClient);
        }

        // Once SMS resumes, the alert's waiting SMS rows expire at the sender, and nothing is sent by SMS.
        await scenario.WaitForRowsAsync(alertId, phones.Count + mailboxes.Count, r => r.GetString("Channel") == "email" || r.GetString("Status") == "Expired", TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);

        Assert.Empty(scenario.SmsTo(phones));
        Assert.All(
            (await scenario.RowsAsync(alertId)).Where(r => r.GetString("Channel") == "sms"),
            r => Assert.Equal(("Expired", "warning called off"), (r.GetString("Status"), r.GetString("Reason"))));
        Assert.Equal(mailboxes.Count, (await scenario.RowsAsync(cancelId)).Count);
        foreach (var mailbox in mailboxes)
        {
            var subjects = scenario.EmailsTo([mailbox]).Select(m => m.Subject).ToList();
            Assert.Equal(2, subjects.Count);
            Assert.Single(subjects, s => s.Contains("【解除】", StringComparison.Ordinal) && s.Contains("“冒充公检法诈骗预警”", StringComparison.Ordinal));
        }

        using var analyst = stack.ClientFor(Role.Analyst, name: "analyst-delivery");
        var alert = await analyst.GetFromJsonAsync<JsonElement>($"/api/warnings/{alertId}", Ct);
        Assert.Equal(("Cancelled", cancelId), (alert.GetProperty("status").GetString(), alert.GetProperty("supersededBy").GetString()));
    }

    /// <summary>Rows a warning to these subscribers has: one per contact and channel.</summary>
    private static int Rows(IEnumerable<Subscriber> subscribers) => subscribers.SelectMany(s => s.Contacts).Sum(c => c.Channels.Count);

    /// <summary>Posts an Update or Cancel as the scenario's analyst, approving it when it waits for approval.</summary>
    private async Task<(JsonElement Warning, bool Replayed)> IssueAsync(DeliveryScenario scenario, string path, object body, string idempotencyKey)
    {
        using var analyst = stack.ClientFor(Role.Analyst, name: "analyst-delivery");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await analyst.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{path}: {(int)response.StatusCode} {text}");
        var warning = JsonDocument.Parse(text).RootElement.Clone();
        var replayed = response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Contains("true");
        if (!replayed && warning.GetProperty("status").GetString() == "PendingApproval")
        {
            await scenario.ApproveAsync(warning.GetProperty("id").GetString()!);
        }

        return (warning, replayed);
    }

    private async Task PauseSmsAsync(HttpClient operatorClient)
    {
        using var response = await operatorClient.PutAsJsonAsync("/api/operations/pauses/channels/sms", new { reason = "partial delivery" }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await WaitForSendersAsync(state => state.IsChannelPaused("sms"));
    }

    private async Task ResumeSmsAsync(HttpClient operatorClient)
    {
        using var response = await operatorClient.DeleteAsync("/api/operations/pauses/channels/sms", CancellationToken.None);
        await WaitForSendersAsync(state => state.Pauses.Count == 0);
    }

    /// <summary>Waits until the host's senders have read the pause state (they poll every 200 ms in the fixture).</summary>
    private async Task WaitForSendersAsync(Func<PauseState, bool> condition)
    {
        var live = stack.Services.GetRequiredService<LivePauseState>();
        await WaitUntilAsync(() => Task.FromResult(condition(live.Current)), "the senders see the pause state");

        // Each sender polls on its own: the other acts on it within one more interval.
        await Task.Delay(TimeSpan.FromMilliseconds(600), Ct);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(200, Ct);
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Security;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Delivery;

[Collection(DeliveryStackCollection.Name)]
public sealed class EndToEndDeliveryTests(DeliveryStackFixture stack)
{
    private static readonly string[] HainanCounties = ["460105", "460106", "460107", "460108", "460202"];

    [Fact]
    public async Task ProvinceWarningReachesEveryMatchingContactExactlyOnceOnEachOfItsChannels()
    {
        var scenario = new DeliveryScenario(stack);
        var random = new Random(20260127);
        Channel[][] mixes = [[Channel.Sms], [Channel.Email], [Channel.Sms, Channel.Email]];
        var matching = Enumerable.Range(0, 1_000)
            .Select(i => DeliveryScenario.NewSubscriber(
                HainanCounties[i % HainanCounties.Length],
                [.. Enumerable.Range(0, random.Next(1, 4)).Select(c => DeliveryScenario.NewContact($"c{c}", mixes[random.Next(mixes.Length)]))]))
            .ToList();
        var otherProvince = Enumerable.Range(0, 30).Select(_ => DeliveryScenario.NewSubscriber("640104", [DeliveryScenario.NewContact("c0")])).ToList();
        var otherCategory = Enumerable.Range(0, 30).Select(_ => DeliveryScenario.NewSubscriber("460105", [DeliveryScenario.NewContact("c0")], category: "illegal-fundraising")).ToList();
        await scenario.SeedAsync([.. matching, .. otherProvince, .. otherCategory]);
        var smsExpected = DeliveryScenario.SmsAddresses(matching).ToList();
        var emailExpected = DeliveryScenario.EmailAddresses(matching).ToList();

        var warningId = await scenario.SubmitAsync("460000");
        var rows = await scenario.WaitForRowsAsync(warningId, smsExpected.Count + emailExpected.Count, DeliveryScenario.IsFinished, TimeSpan.FromSeconds(90));

        var sms = scenario.SmsTo(smsExpected);
        Assert.Equal(smsExpected.Order(StringComparer.Ordinal), sms.Select(m => m.Phone).Order(StringComparer.Ordinal));
        Assert.All(sms, m => Assert.StartsWith("【", m.Text, StringComparison.Ordinal));
        var emails = scenario.EmailsTo(emailExpected);
        Assert.Equal(emailExpected.Order(StringComparer.OrdinalIgnoreCase), emails.SelectMany(m => m.To).Order(StringComparer.OrdinalIgnoreCase));
        Assert.All(emails, m => Assert.True(m.Headers.ContainsKey("List-Unsubscribe")));
        Assert.Empty(scenario.SmsTo(DeliveryScenario.AllAddresses([.. otherProvince, .. otherCategory])));
        Assert.Empty(scenario.EmailsTo(DeliveryScenario.AllAddresses([.. otherProvince, .. otherCategory])));

        // The rows agree with what the stand-ins took: one Delivered row per SMS, one Sent row per email, same addresses.
        Assert.All(rows.Where(r => r.GetString("Channel") == "sms"), r => Assert.Equal("Delivered", r.GetString("Status")));
        Assert.All(rows.Where(r => r.GetString("Channel") == "email"), r => Assert.Equal("Sent", r.GetString("Status")));
        Assert.Equal(sms.Select(m => m.MessageId).Order(StringComparer.Ordinal), rows.Where(r => r.GetString("Channel") == "sms").Select(r => r.GetString("ProviderMessageId")).Order(StringComparer.Ordinal));
        Assert.Equal(emailExpected.Order(StringComparer.Ordinal), rows.Where(r => r.GetString("Channel") == "email").Select(r => r.GetString("Address")).Order(StringComparer.Ordinal));
        Assert.True(rows.Select(r => r.PartitionKey).Distinct().Count() > 16, "rows are spread over the warning's shards");
    }

    [Fact]
    public async Task FollowingTheTokensListsEveryRowOnceAcrossTheShardTablesAndATokenTheListDidNotGiveIsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var scenario = new DeliveryScenario(stack);
        // A county no other test subscribes to: the warning reaches these 15 enterprises alone.
        var subscribers = Enumerable.Range(0, 15).Select(_ => DeliveryScenario.NewSubscriber("120105", [DeliveryScenario.NewContact("c0")])).ToList();
        await scenario.SeedAsync(subscribers);
        var warningId = await scenario.SubmitAsync("120105");
        var stored = await scenario.WaitForRowsAsync(warningId, 30, DeliveryScenario.IsFinished);
        using var operatorClient = stack.ClientFor(Role.Operator);

        var listed = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var query = $"/api/warnings/{warningId}/deliveries?pageSize=7" + (token is null ? string.Empty : $"&continuationToken={Uri.EscapeDataString(token)}");
            var page = await operatorClient.GetFromJsonAsync<JsonElement>(query, ct);
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.True(items.Count <= 7, $"a page of 7 held {items.Count}");
            listed.AddRange(items.Select(i => $"{i.GetProperty("channel").GetString()}_{i.GetProperty("uscc").GetString()}_{i.GetProperty("contactId").GetString()}"));
            token = page.TryGetProperty("continuationToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            pages++;
        }
        while (token is not null && pages < 50);

        Assert.Null(token);
        Assert.Equal(30, listed.Count);
        Assert.Equal(30, listed.Distinct(StringComparer.Ordinal).Count());
        Assert.True(stored.Select(r => r.PartitionKey).Distinct().Count() > 1, "the rows sit in more than one shard");

        foreach (var forged in new[] { "not-a-token", "45", "07" + "x" })
        {
            using var refused = await operatorClient.GetAsync($"/api/warnings/{warningId}/deliveries?continuationToken={Uri.EscapeDataString(forged)}", ct);
            var problem = await ProblemAssertions.AssertProblemAsync(refused, HttpStatusCode.BadRequest);
            Assert.Equal(["continuationToken"], ProblemAssertions.ErrorFields(problem));
        }
    }

    [Fact]
    public async Task DeliveryRecordsShowTotalsByStatusChannelAndPrefectureWithMaskedAddresses()
    {
        var scenario = new DeliveryScenario(stack);
        var subscribers = Enumerable.Range(0, 12).Select(i => DeliveryScenario.NewSubscriber(i % 2 == 0 ? "630102" : "632221", [DeliveryScenario.NewContact("c0")])).ToList();
        await scenario.SeedAsync(subscribers);
        var warningId = await scenario.SubmitAsync("630000");
        await scenario.WaitForRowsAsync(warningId, 24, DeliveryScenario.IsFinished);
        using var operatorClient = stack.ClientFor(Role.Operator);

        var first = await operatorClient.GetFromJsonAsync<JsonElement>($"/api/warnings/{warningId}/deliveries?channel=sms&pageSize=5", TestContext.Current.CancellationToken);
        var second = await operatorClient.GetFromJsonAsync<JsonElement>($"/api/warnings/{warningId}/deliveries?channel=sms&pageSize=5&continuationToken={Uri.EscapeDataString(first.GetProperty("continuationToken").GetString()!)}", TestContext.Current.CancellationToken);
        using var enterprise = stack.ClientFor(Role.Enterprise);
        var forbidden = await enterprise.GetAsync($"/api/warnings/{warningId}/deliveries", TestContext.Current.CancellationToken);

        var summary = first.GetProperty("summary");
        Assert.Equal(24, summary.GetProperty("total").GetInt32());
        Assert.Equal(12, summary.GetProperty("byChannel").GetProperty("sms").GetProperty("Delivered").GetInt32());
        Assert.Equal(12, summary.GetProperty("byChannel").GetProperty("email").GetProperty("Sent").GetInt32());
        Assert.Equal(12, summary.GetProperty("byPrefecture").GetProperty("630100").EnumerateObject().Sum(p => p.Value.GetInt32()));
        Assert.Equal(12, summary.GetProperty("byPrefecture").GetProperty("632200").EnumerateObject().Sum(p => p.Value.GetInt32()));
        Assert.True(summary.GetProperty("firstSentAt").GetDateTimeOffset() <= summary.GetProperty("lastSentAt").GetDateTimeOffset());

        // The chart's timeline counts every accepted message once, per channel, from the first.
        var timeline = summary.GetProperty("timeline");
        Assert.Equal(summary.GetProperty("firstSentAt").GetDateTimeOffset(), timeline.GetProperty("startAt").GetDateTimeOffset());
        Assert.Equal(12, timeline.GetProperty("byChannel").GetProperty("sms").EnumerateArray().Sum(c => c.GetInt32()));
        Assert.Equal(12, timeline.GetProperty("byChannel").GetProperty("email").EnumerateArray().Sum(c => c.GetInt32()));
        Assert.True(timeline.GetProperty("secondsFromAcceptance").GetDouble() >= 0);
        var items = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).ToList();
        Assert.Equal(10, items.Count);
        Assert.All(items, i => Assert.Matches(@"^\+86 139\*{4}\d{4}$", i.GetProperty("address").GetString()!));
        Assert.False(second.TryGetProperty("summary", out _));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task TargetedWarningReachesTheNamedEnterprisesWhereverTheyAre()
    {
        var scenario = new DeliveryScenario(stack);
        using var admin = stack.ClientFor(Role.Admin);
        var phones = new List<string>();
        var targets = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var uscc = DeliveryScenario.NewUscc("540102").Value;
            var phone = DeliveryScenario.NewPhone();
            var registration = Enterprises.EnterpriseTestData.Registration("540102");
            registration["preferences"]!["quietHours"] = null;
            registration["contacts"] = new System.Text.Json.Nodes.JsonArray(Enterprises.EnterpriseTestData.Contact("legal", phone, DeliveryScenario.NewEmail(), "sms"));
            using var put = await Enterprises.EnterpriseTestData.PutAsync(admin, $"/api/enterprises/{uscc}", registration);
            Assert.Equal(System.Net.HttpStatusCode.Created, put.StatusCode);
            targets.Add(uscc);
            phones.Add(phone);
        }

        using var analyst = stack.ClientFor(Role.Analyst);
        using var response = await analyst.PostAsJsonAsync(
            "/api/warnings",
            new { category = "investment-risk", headline = "定向预警", description = "针对以下企业。", severity = "Severe", targets },
            TestContext.Current.CancellationToken);
        var warningId = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString()!;

        await scenario.WaitForRowsAsync(warningId, 3, DeliveryScenario.IsFinished);

        Assert.Equal(phones.Order(StringComparer.Ordinal), scenario.SmsTo(phones).Select(m => m.Phone).Order(StringComparer.Ordinal));
    }
}

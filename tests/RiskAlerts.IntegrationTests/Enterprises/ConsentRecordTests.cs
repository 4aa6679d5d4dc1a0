using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using RiskAlerts.Core.Security;
using RiskAlerts.IntegrationTests.Fixtures;
using static RiskAlerts.IntegrationTests.Enterprises.EnterpriseTestData;

namespace RiskAlerts.IntegrationTests.Enterprises;

/// <summary>
/// Consent events of changes through the API: registering, replacing preferences or contacts,
/// unsubscribing, each listed to the enterprise itself by <c>GET /api/enterprises/{uscc}/consents</c>.
/// (Opt-outs by email link and SMS reply: <c>OptOutTests</c>.)
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class ConsentRecordTests(LocalStackFixture stack) : IDisposable
{
    private readonly HttpClient _admin = stack.ClientFor(Role.Admin, name: "admin-consent");

    [Fact]
    public async Task RegisteringRecordsOneConsentPerContactWithWhatItReceivesWhoAndTheNoticeVersion()
    {
        var uscc = await RegisterAsync(_admin);

        var (status, consents) = await ConsentsAsync(stack.ClientFor(Role.Enterprise, uscc), uscc);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(5, consents.GetProperty("retentionMonthsAfterWithdrawal").GetInt32());
        var items = Items(consents);
        Assert.Equal(["finance", "legal"], items.Select(i => i.GetProperty("contactId").GetString()).Order(StringComparer.Ordinal));
        Assert.All(items, i =>
        {
            Assert.Equal(("Registration", false, "admin-consent", "api", "2026-01"), (i.GetProperty("source").GetString(), i.GetProperty("withdrawal").GetBoolean(), i.GetProperty("by").GetString(), i.GetProperty("via").GetString(), i.GetProperty("noticeVersion").GetString()));
            Assert.Equal(["telecom-fraud", "illegal-fundraising"], Strings(i, "categories"));
        });
        Assert.Equal(["sms", "email"], Strings(items.Single(i => i.GetProperty("contactId").GetString() == "legal"), "channels"));
        Assert.Equal(["sms"], Strings(items.Single(i => i.GetProperty("contactId").GetString() == "finance"), "channels"));
    }

    [Fact]
    public async Task ChangingPreferencesThenContactsRecordsEachChangeNewestFirstWithTheChannelsNowReceived()
    {
        var uscc = await RegisterAsync(_admin);
        using var enterprise = stack.ClientFor(Role.Enterprise, uscc, name: "enterprise-self");
        var preferences = Preferences("220102");
        preferences["channels"] = new JsonArray("email");
        preferences["categories"] = new JsonArray("telecom-fraud");
        using (var put = await PutAsync(enterprise, $"/api/enterprises/{uscc}/preferences", new JsonObject { ["preferences"] = preferences }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using (var put = await PutAsync(enterprise, $"/api/enterprises/{uscc}/contacts", new JsonObject { ["contacts"] = new JsonArray(Contact("ops", "+8613712345678", "ops@example.com")) }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var items = Items((await ConsentsAsync(enterprise, uscc)).Body);

        Assert.Equal(["ContactsChange", "PreferencesChange", "PreferencesChange", "Registration", "Registration"], items.Select(i => i.GetProperty("source").GetString()));
        Assert.Equal(("ops", "enterprise-self"), (items[0].GetProperty("contactId").GetString(), items[0].GetProperty("by").GetString()));
        Assert.Equal(["email"], Strings(items[0], "channels"));
        Assert.Equal(["telecom-fraud"], Strings(items[0], "categories"));
        // The finance contact takes SMS only, which the enterprise no longer receives: it consents to nothing now.
        Assert.Empty(Strings(items.Take(3).Single(i => i.GetProperty("contactId").GetString() == "finance"), "channels"));
    }

    [Fact]
    public async Task UnsubscribingThroughTheApiRecordsAWithdrawalForTheEnterprise()
    {
        var uscc = await RegisterAsync(_admin);
        using var enterprise = stack.ClientFor(Role.Enterprise, uscc, name: "enterprise-leaving");

        using (var unsubscribe = await enterprise.PostAsync($"/api/enterprises/{uscc}/unsubscribe", null, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, unsubscribe.StatusCode);
        }

        var newest = Items((await ConsentsAsync(enterprise, uscc)).Body)[0];
        Assert.Equal(("ApiUnsubscribe", true, string.Empty, "enterprise-leaving", "api"), (newest.GetProperty("source").GetString(), newest.GetProperty("withdrawal").GetBoolean(), newest.GetProperty("contactId").GetString(), newest.GetProperty("by").GetString(), newest.GetProperty("via").GetString()));
    }

    [Fact]
    public async Task AnEnterpriseReadsOnlyItsOwnConsentsAndOperatorsNone()
    {
        var uscc = await RegisterAsync(_admin);
        var other = await RegisterAsync(_admin);

        var (asOther, otherBody) = await ConsentsAsync(stack.ClientFor(Role.Enterprise, other), uscc);
        var (asOperator, _) = await ConsentsAsync(stack.ClientFor(Role.Operator), uscc);
        var (asAdmin, adminBody) = await ConsentsAsync(_admin, uscc);

        Assert.Equal(HttpStatusCode.Forbidden, asOther);
        Assert.False(otherBody.TryGetProperty("items", out _));
        Assert.Equal(HttpStatusCode.Forbidden, asOperator);
        Assert.Equal(HttpStatusCode.OK, asAdmin);
        Assert.Equal(2, Items(adminBody).Count);
    }

    public void Dispose() => _admin.Dispose();

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ConsentsAsync(HttpClient client, string uscc)
    {
        using (client)
        {
            using var response = await client.GetAsync($"/api/enterprises/{uscc}/consents", TestContext.Current.CancellationToken);
            return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone());
        }
    }

    private static List<JsonElement> Items(JsonElement body) => [.. body.GetProperty("items").EnumerateArray()];

    private static List<string> Strings(JsonElement item, string property) => [.. item.GetProperty(property).EnumerateArray().Select(e => e.GetString()!)];
}

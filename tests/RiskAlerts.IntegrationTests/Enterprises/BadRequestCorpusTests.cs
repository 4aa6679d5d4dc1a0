using System.Net;
using System.Text.Json.Nodes;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Security;
using RiskAlerts.IntegrationTests.Fixtures;
using static RiskAlerts.IntegrationTests.Enterprises.EnterpriseTestData;

namespace RiskAlerts.IntegrationTests.Enterprises;

/// <summary>
/// Malformed and invalid requests across the registry endpoints: each is answered with
/// problem+json (naming the field for 400) and leaves both tables exactly as they were.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class BadRequestCorpusTests(LocalStackFixture stack) : IAsyncLifetime
{
    /// <summary>The enterprise every case aims at, registered in 南关区 (220102).</summary>
    private static readonly string Target = UnifiedSocialCreditCode.FromFirst17("91220102770000001").Value;

    /// <summary>A valid code nobody registered.</summary>
    private static readonly string Unregistered = UnifiedSocialCreditCode.FromFirst17("91220102770000002").Value;

    private readonly HttpClient _admin = stack.ClientFor(Role.Admin);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string, string, string, int, string> Cases()
    {
        const string json = "application/json";
        const string register = "/api/enterprises/{T}";
        const string contacts = "/api/enterprises/{T}/contacts";
        const string preferences = "/api/enterprises/{T}/preferences";
        var data = new TheoryData<string, string, string, string, string, int, string>();

        void Register(string name, Action<JsonObject> change, string field)
        {
            var body = Registration();
            change(body);
            data.Add(name, "PUT", register, json, body.ToJsonString(), 400, field);
        }

        void Raw(string name, string method, string route, string body, int status, string field, string contentType = json) =>
            data.Add(name, method, route, contentType, body, status, field);

        var valid = Registration().ToJsonString();
        JsonNode Enterprise(JsonObject body) => body["enterprise"]!;
        JsonNode Contact0(JsonObject body) => body["contacts"]![0]!;
        JsonNode Prefs(JsonObject body) => body["preferences"]!;

        // The credit code in the route.
        Raw("route code with a wrong check character", "PUT", "/api/enterprises/{T!}", valid, 400, "uscc");
        Raw("route code too short", "PUT", "/api/enterprises/91220102MA17", valid, 400, "uscc");
        Raw("route code with a forbidden letter", "PUT", "/api/enterprises/91220102I70000001X", valid, 400, "uscc");
        Raw("contacts route code with a wrong check character", "PUT", "/api/enterprises/{T!}/contacts", """{"contacts":[]}""", 400, "uscc");
        Raw("unsubscribe route code with a wrong check character", "POST", "/api/enterprises/{T!}/unsubscribe", string.Empty, 400, "uscc");
        Raw("read with a wrong check character", "GET", "/api/enterprises/{T!}", string.Empty, 400, "uscc");

        // The enterprise part.
        Register("body code differs from the route", b => Enterprise(b)["uscc"] = Unregistered, "enterprise.uscc");
        Register("body code with a wrong check character", b => Enterprise(b)["uscc"] = WithWrongCheckCharacter(Target), "enterprise.uscc");
        Register("unknown registered county", b => Enterprise(b)["registeredCounty"] = "229999", "enterprise.registeredCounty");
        Register("prefecture instead of a county", b => Enterprise(b)["registeredCounty"] = "220100", "enterprise.registeredCounty");
        Register("province instead of a county", b => Enterprise(b)["registeredCounty"] = "220000", "enterprise.registeredCounty");
        Register("malformed registered county", b => Enterprise(b)["registeredCounty"] = "22010A", "enterprise.registeredCounty");
        Register("missing registered county", b => Enterprise(b).AsObject().Remove("registeredCounty"), "enterprise.registeredCounty");
        Register("missing name", b => Enterprise(b).AsObject().Remove("name"), "enterprise.name");
        Register("name too long", b => Enterprise(b)["name"] = new string('企', 201), "enterprise.name");
        Register("unknown industry section", b => Enterprise(b)["industry"] = "Z", "enterprise.industry");
        Register("industry division of another section", b => Enterprise(b)["industry"] = "A39", "enterprise.industry");
        Register("missing enterprise", b => b.Remove("enterprise"), "enterprise");

        // Contacts.
        Register("no contacts", b => b["contacts"] = new JsonArray(), "contacts");
        Register("missing contacts", b => b.Remove("contacts"), "contacts");
        Register("malformed mobile", b => Contact0(b)["mobile"] = "12345", "contacts[0].mobile");
        Register("fixed-line number as mobile", b => Contact0(b)["mobile"] = "+8643188888888", "contacts[0].mobile");
        Register("letters as mobile", b => Contact0(b)["mobile"] = "call-me", "contacts[0].mobile");
        Register("malformed email", b => Contact0(b)["email"] = "zhang@", "contacts[0].email");
        Register("email with two at signs", b => Contact0(b)["email"] = "zhang@li@example.com", "contacts[0].email");
        Register("email domain without a dot", b => Contact0(b)["email"] = "zhang@localhost", "contacts[0].email");
        Register("second contact with a malformed mobile", b => b["contacts"]![1]!["mobile"] = "1391234", "contacts[1].mobile");
        Register("duplicate contact ids", b => b["contacts"]![1]!["id"] = "legal", "contacts[1].id");
        Register("sms channel without a mobile", b => Contact0(b).AsObject().Remove("mobile"), "contacts[0].channels[0]");
        Register("unknown contact channel", b => Contact0(b)["channels"] = new JsonArray("fax"), "contacts[0].channels[0]");
        Register("null contact", b => b["contacts"]![0] = null, "contacts[0]");
        Register("contact without a name", b => Contact0(b).AsObject().Remove("name"), "contacts[0].name");

        // Preferences.
        Register("unknown category", b => Prefs(b)["categories"] = new JsonArray("weather"), "preferences.categories[0]");
        Register("region that does not contain the registered county", b => Prefs(b)["regions"] = new JsonArray("220200"), "preferences.regions[0]");
        Register("region from another province", b => Prefs(b)["regions"] = new JsonArray("210000"), "preferences.regions[0]");
        Register("unknown region", b => Prefs(b)["regions"] = new JsonArray("229900"), "preferences.regions[0]");
        Register("malformed region", b => Prefs(b)["regions"] = new JsonArray("22-01"), "preferences.regions[0]");
        Register("unknown severity", b => Prefs(b)["minimumSeverity"] = "Catastrophic", "preferences.minimumSeverity");
        Register("numeric severity", b => Prefs(b)["minimumSeverity"] = "2", "preferences.minimumSeverity");
        Register("quiet hours at hour 25", b => Prefs(b)["quietHours"]!["start"] = "25:00", "preferences.quietHours.start");
        Register("unknown industry filter", b => Prefs(b)["industries"] = new JsonArray("Q99"), "preferences.industries[0]");
        Register("no preference channels", b => Prefs(b)["channels"] = new JsonArray(), "preferences.channels");
        Register("region listed twice", b => Prefs(b)["regions"] = new JsonArray("220102", "220102"), "preferences.regions");

        // JSON shape.
        Register("unknown top-level field", b => b["colour"] = "red", "colour");
        Register("unknown nested field", b => Enterprise(b)["website"] = "https://example.com", "enterprise.website");
        Register("contacts as a string", b => b["contacts"] = "张三", "contacts");
        Register("name as a number", b => Enterprise(b)["name"] = 42, "enterprise.name");
        Register("precedence as text", b => Contact0(b)["precedence"] = "first", "contacts[0].precedence");
        Raw("empty body", "PUT", register, string.Empty, 400, "$");
        Raw("null body", "PUT", register, "null", 400, "$");
        Raw("not JSON at all", "PUT", register, "enterprise=1", 400, "$");
        Raw("form content type", "PUT", register, "enterprise=1", 415, string.Empty, "application/x-www-form-urlencoded");
        Raw("text content type", "PUT", register, valid, 415, string.Empty, "text/plain");
        Raw("oversized body", "PUT", register, "{\"enterprise\":{\"name\":\"" + new string('x', 70_000) + "\"}}", 413, string.Empty);

        // Contacts and preferences endpoints.
        Raw("contacts endpoint with a malformed mobile", "PUT", contacts, """{"contacts":[{"id":"a","name":"王五","mobile":"0000","channels":["sms"]}]}""", 400, "contacts[0].mobile");
        Raw("contacts endpoint with an unknown field", "PUT", contacts, """{"contact":[]}""", 400, "contact");
        Raw("contacts endpoint without contacts", "PUT", contacts, "{}", 400, "contacts");
        Raw("preferences endpoint without preferences", "PUT", preferences, "{}", 400, "preferences");
        Raw("preferences endpoint with another province", "PUT", preferences, $$"""{"preferences":{{Preferences("210100").ToJsonString()}}}""", 400, "preferences.regions[0]");
        Raw("preferences endpoint with no categories", "PUT", preferences, """{"preferences":{"categories":[],"minimumSeverity":"Minor","regions":["220102"],"channels":["sms"]}}""", 400, "preferences.categories");
        Raw("preferences endpoint with categories as an object", "PUT", preferences, """{"preferences":{"categories":{"a":1}}}""", 400, "preferences.categories");
        Raw("unsubscribing an unregistered enterprise", "POST", "/api/enterprises/{U}/unsubscribe", string.Empty, 404, string.Empty);
        Raw("contacts of an unregistered enterprise", "PUT", "/api/enterprises/{U}/contacts", """{"contacts":[{"id":"a","name":"王五","mobile":"13812345678","channels":["sms"]}]}""", 404, string.Empty);
        return data;
    }

    public async ValueTask InitializeAsync()
    {
        using var read = await _admin.GetAsync($"/api/enterprises/{Target}", Cancellation);
        if (read.StatusCode == HttpStatusCode.NotFound)
        {
            using var created = await PutAsync(_admin, $"/api/enterprises/{Target}", Registration());
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadRequestIsRefusedAsProblemNamingTheFieldAndChangesNoTable(string name, string method, string route, string contentType, string body, int status, string field)
    {
        var before = await SnapshotAsync(stack.Tables);
        var path = route.Replace("{T!}", WithWrongCheckCharacter(Target), StringComparison.Ordinal)
            .Replace("{T}", Target, StringComparison.Ordinal)
            .Replace("{U}", Unregistered, StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "GET")
        {
            request.Content = Json(body, contentType: contentType);
        }

        using var response = await _admin.SendAsync(request, Cancellation);

        var problem = await ProblemAssertions.AssertProblemAsync(response, (HttpStatusCode)status);
        if (status == 400)
        {
            Assert.True(ProblemAssertions.ErrorFields(problem).Contains(field), $"{name}: expected an error on '{field}', got {problem}");
        }

        Assert.Equal(before, await SnapshotAsync(stack.Tables));
    }

    [Fact]
    public void CorpusHoldsAtLeastFortyDistinctRequests()
    {
        var cases = Cases().Select(row => row.Data).ToList();
        Assert.True(cases.Count >= 40);
        Assert.Equal(cases.Count, cases.Select(c => (c.Item2, c.Item3, c.Item4, c.Item5)).Distinct().Count());
    }

    public ValueTask DisposeAsync()
    {
        _admin.Dispose();
        return ValueTask.CompletedTask;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RiskAlerts.Core.Enterprises;

namespace RiskAlerts.BrowserTests.Fixtures;

/// <summary>Enterprises and warnings put in place through the API before the browser looks.</summary>
internal static class TestData
{
    private static int _serial;

    /// <summary>Registers a fresh enterprise in <paramref name="county"/> with two contacts (legal: SMS and email; finance: SMS).</summary>
    public static async Task<string> RegisterEnterpriseAsync(HttpClient admin, string county)
    {
        var uscc = UnifiedSocialCreditCode.FromFirst17($"91{county}{Interlocked.Increment(ref _serial) + 700_000_000:D9}").Value;
        var body = new JsonObject
        {
            ["enterprise"] = new JsonObject { ["name"] = "长春浏览器测试有限公司", ["registeredCounty"] = county, ["industry"] = "C39" },
            ["contacts"] = new JsonArray(
                Contact("legal", "+8613812345678", "zhang@example.com", "sms", "email"),
                Contact("finance", "13912345678", "li@example.com", "sms")),
            ["preferences"] = new JsonObject
            {
                ["categories"] = new JsonArray("telecom-fraud", "illegal-fundraising"),
                ["minimumSeverity"] = "Moderate",
                ["regions"] = new JsonArray(county),
                ["industries"] = new JsonArray(),
                ["channels"] = new JsonArray("sms", "email"),
                ["quietHours"] = new JsonObject { ["start"] = "22:00", ["end"] = "07:00" },
            },
        };
        using var response = await admin.PutAsJsonAsync($"/api/enterprises/{uscc}", body, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"registration failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        return uscc;
    }

    /// <summary>
    /// Registers a fresh enterprise in <paramref name="county"/> with one contact on SMS and email,
    /// whose number and mailbox no other test uses, so that what the stand-ins receive can be
    /// counted (and no daily SMS cap shared with other tests is reached).
    /// </summary>
    /// <returns>The contact's number (E.164) and mailbox.</returns>
    public static async Task<(string Phone, string Email)> RegisterEnterpriseWithOwnContactAsync(HttpClient admin, string county)
    {
        var (_, phone, email) = await RegisterEnterpriseWithOwnContactAndCodeAsync(admin, county);
        return (phone, email);
    }

    /// <summary>As <see cref="RegisterEnterpriseWithOwnContactAsync"/>, with the enterprise's credit code; its contact's id is <c>duty</c>.</summary>
    public static async Task<(string Uscc, string Phone, string Email)> RegisterEnterpriseWithOwnContactAndCodeAsync(HttpClient admin, string county)
    {
        var serial = Interlocked.Increment(ref _serial);
        var uscc = UnifiedSocialCreditCode.FromFirst17($"91{county}{serial + 800_000_000:D9}").Value;
        var phone = $"+86137{Random.Shared.Next(0, 10_000):D4}{serial:D4}";
        var email = $"browser{serial}-{Guid.NewGuid():N}"[..24] + "@example.com";
        var body = new JsonObject
        {
            ["enterprise"] = new JsonObject { ["name"] = "长春运维测试有限公司", ["registeredCounty"] = county, ["industry"] = "C39" },
            ["contacts"] = new JsonArray(Contact("duty", phone, email, "sms", "email")),
            ["preferences"] = new JsonObject
            {
                ["categories"] = new JsonArray("telecom-fraud"),
                ["minimumSeverity"] = "Moderate",
                ["regions"] = new JsonArray(county),
                ["industries"] = new JsonArray(),
                ["channels"] = new JsonArray("sms", "email"),
            },
        };
        using var response = await admin.PutAsJsonAsync($"/api/enterprises/{uscc}", body, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"registration failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        return (uscc, phone, email);
    }

    /// <summary>Submits a warning through the API and returns its id.</summary>
    public static async Task<string> SubmitWarningAsync(HttpClient analyst, string headline, string region = "220000", string severity = "Severe")
    {
        using var response = await analyst.PostAsJsonAsync(
            "/api/warnings",
            new { category = "telecom-fraud", headline, description = "浏览器测试。", severity, regions = new[] { region } },
            TestContext.Current.CancellationToken);
        var warning = await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"submit failed: {(int)response.StatusCode} {warning}");
        return warning!["id"]!.GetValue<string>();
    }

    /// <summary>Approves a warning that waits for approval (Extreme ones do), as a principal other than its submitter.</summary>
    public static async Task ApproveAsync(HttpClient approver, string warningId)
    {
        using var response = await approver.PostAsJsonAsync($"/api/warnings/{warningId}/approve", new { reason = "浏览器测试" }, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"approval failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
    }

    /// <summary>Waits up to 30 s for <paramref name="condition"/>, failing with <paramref name="what"/> was awaited.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>The warning's status as the API reports it now.</summary>
    public static async Task<string> StatusOfAsync(HttpClient client, string warningId)
    {
        var warning = await client.GetFromJsonAsync<JsonObject>($"/api/warnings/{warningId}", TestContext.Current.CancellationToken);
        return warning!["status"]!.GetValue<string>();
    }

    /// <summary>A contact as a registration body writes it.</summary>
    public static JsonObject Contact(string id, string mobile, string email, params string[] channels) => new()
    {
        ["id"] = id,
        ["name"] = "张三",
        ["role"] = "法定代表人",
        ["mobile"] = mobile,
        ["email"] = email,
        ["channels"] = new JsonArray([.. channels.Select(c => (JsonNode)c)]),
    };
}

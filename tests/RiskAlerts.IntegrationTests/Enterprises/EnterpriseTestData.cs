using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using RiskAlerts.Core.Enterprises;

namespace RiskAlerts.IntegrationTests.Enterprises;

/// <summary>Valid credit codes, registration bodies and table snapshots for the registry tests.</summary>
internal static class EnterpriseTestData
{
    private static int _serial;

    /// <summary>A fresh valid code registered by the authority of <paramref name="division"/>; each call gives another.</summary>
    public static string NewUscc(string division = "220102") =>
        UnifiedSocialCreditCode.FromFirst17($"91{division}{Interlocked.Increment(ref _serial) + 500_000_000:D9}").Value;

    /// <summary>The same code with a different (wrong) check character.</summary>
    public static string WithWrongCheckCharacter(string uscc)
    {
        var alphabet = UnifiedSocialCreditCode.Alphabet;
        var wrong = alphabet[(alphabet.IndexOf(uscc[^1], StringComparison.Ordinal) + 1) % alphabet.Length];
        return uscc[..^1] + wrong;
    }

    public static JsonObject Contact(string id = "legal", string? mobile = "+8613812345678", string? email = "zhang@example.com", params string[] channels) => new()
    {
        ["id"] = id,
        ["name"] = "张三",
        ["role"] = "法定代表人",
        ["mobile"] = mobile,
        ["email"] = email,
        ["channels"] = new JsonArray([.. (channels.Length == 0 ? ["sms", "email"] : channels).Select(c => (JsonNode)c)]),
    };

    public static JsonObject Preferences(params string[] regions) => new()
    {
        ["categories"] = new JsonArray("telecom-fraud", "illegal-fundraising"),
        ["minimumSeverity"] = "Moderate",
        ["regions"] = new JsonArray([.. regions.Select(r => (JsonNode)r)]),
        ["industries"] = new JsonArray(),
        ["channels"] = new JsonArray("sms", "email"),
        ["quietHours"] = new JsonObject { ["start"] = "22:00", ["end"] = "07:00" },
    };

    /// <summary>A valid registration body for an enterprise registered in <paramref name="county"/>, interested in <paramref name="regions"/> (default: the county).</summary>
    public static JsonObject Registration(string county = "220102", string name = "长春测试科技有限公司", params string[] regions) => new()
    {
        ["enterprise"] = new JsonObject { ["name"] = name, ["registeredCounty"] = county, ["industry"] = "C39" },
        ["contacts"] = new JsonArray(Contact(), Contact("finance", "13912345678", "li@example.com", "sms")),
        ["preferences"] = Preferences(regions.Length == 0 ? [county] : regions),
    };

    public static StringContent Json(JsonNode body, string? ifMatch = null) => Json(body.ToJsonString(), ifMatch);

    public static StringContent Json(string body, string? ifMatch = null, string contentType = "application/json")
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    public static async Task<HttpResponseMessage> PutAsync(HttpClient client, string path, JsonNode body, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = Json(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Registers an enterprise as an admin and returns its code.</summary>
    public static async Task<string> RegisterAsync(HttpClient admin, string county = "220102", params string[] regions)
    {
        var uscc = NewUscc(county);
        using var response = await PutAsync(admin, $"/api/enterprises/{uscc}", Registration(county, regions: regions));
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"registration failed: {(int)response.StatusCode} {body}");
        return uscc;
    }

    /// <summary>Registers an enterprise as an admin with two contacts (<c>legal</c>, <c>finance</c>, both by SMS and email, no quiet hours) whose numbers, mailboxes and names no other test uses.</summary>
    public static async Task<(string Uscc, IReadOnlyList<TestContact> Contacts)> RegisterWithTwoContactsAsync(HttpClient admin, string county)
    {
        var uscc = NewUscc(county);
        var contacts = new[] { NewTestContact("legal"), NewTestContact("finance") };
        var registration = Registration(county);
        registration["contacts"] = new JsonArray([.. contacts.Select(c =>
        {
            var json = Contact(c.Id, c.Phone, c.Email, "sms", "email");
            json["name"] = c.Name;
            return (JsonNode)json;
        })]);
        registration["preferences"]!["quietHours"] = null;
        using var put = await PutAsync(admin, $"/api/enterprises/{uscc}", registration);
        var text = await put.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(put.StatusCode == System.Net.HttpStatusCode.Created, $"registration: {(int)put.StatusCode} {text}");
        return (uscc, contacts);
    }

    private static TestContact NewTestContact(string id)
    {
        var serial = Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new TestContact(id, $"擦除{serial}号", $"+86137{serial}", $"Erase.{serial}@Example.com");
    }

    /// <summary>Every row of both registry tables, with ETags: equal snapshots mean nothing was written.</summary>
    public static async Task<IReadOnlyList<string>> SnapshotAsync(TableServiceClient tables)
    {
        var rows = new List<string>();
        foreach (var name in new[] { "Enterprises", "Subscriptions" })
        {
            await foreach (var row in tables.GetTableClient(name).QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"], cancellationToken: TestContext.Current.CancellationToken))
            {
                rows.Add($"{name}/{row.PartitionKey}/{row.RowKey}/{row.ETag}");
            }
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    /// <summary>The partitions (regions) holding index rows of one enterprise.</summary>
    public static async Task<IReadOnlyList<string>> IndexRegionsAsync(TableServiceClient tables, string uscc)
    {
        var regions = new List<string>();
        var filter = TableClient.CreateQueryFilter($"RowKey eq {uscc}");
        await foreach (var row in tables.GetTableClient("Subscriptions").QueryAsync<TableEntity>(filter, select: ["PartitionKey", "Version"], cancellationToken: TestContext.Current.CancellationToken))
        {
            regions.Add(row.PartitionKey);
        }

        regions.Sort(StringComparer.Ordinal);
        return regions;
    }
}

/// <summary>A registered contact as a test knows it: the data an erasure must remove and an export must show.</summary>
internal sealed record TestContact(string Id, string Name, string Phone, string Email);

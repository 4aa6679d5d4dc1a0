using System.Net;
using System.Text.Json;
using RiskAlerts.Core.Security;
using RiskAlerts.IntegrationTests.Fixtures;
using static RiskAlerts.IntegrationTests.Enterprises.EnterpriseTestData;

namespace RiskAlerts.IntegrationTests.Enterprises;

[Collection(LocalStackCollection.Name)]
public sealed class EnterpriseSearchTests(LocalStackFixture stack) : IDisposable
{
    private readonly HttpClient _admin = stack.ClientFor(Role.Admin, name: "admin-wang");
    private readonly HttpClient _operator = stack.ClientFor(Role.Operator, name: "operator-zhao");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    // Counties no other registry test lists by, so that their exact listings stay theirs.
    [Fact]
    public async Task OperatorFindsEnterprisesByAnyPartOfTheirChineseNameWithinAPrefecturePageByPage()
    {
        // A word no other test's enterprise carries, in the middle of each name.
        var word = $"松花{Guid.NewGuid().ToString("N")[..4]}";
        var changchun = new[]
        {
            await RegisterNamedAsync("220105", $"长春{word}科技有限公司"),
            await RegisterNamedAsync("220112", $"吉林省{word}贸易有限责任公司"),
            await RegisterNamedAsync("220105", $"{word}（长春）物流有限公司"),
        };
        var jilinCity = await RegisterNamedAsync("220203", $"吉林市{word}食品有限公司");
        var liaoning = await RegisterNamedAsync("210103", $"沈阳{word}机械有限公司");
        var otherName = await RegisterNamedAsync("220105", "长春不相干有限公司");

        var found = await SearchAllAsync(_operator, $"name={Uri.EscapeDataString(word)}&region=220100&pageSize=2");

        Assert.Equal(changchun.Order(StringComparer.Ordinal), found.Select(e => e.GetProperty("uscc").GetString()!));
        Assert.All(found, e => Assert.Contains(word, e.GetProperty("name").GetString(), StringComparison.Ordinal));
        Assert.All(found, e => Assert.False(e.TryGetProperty("contacts", out _), "a listing carries no contact data"));
        var province = (await SearchAllAsync(_operator, $"name={Uri.EscapeDataString(word)}&region=220000")).Select(e => e.GetProperty("uscc").GetString()).ToList();
        Assert.Contains(jilinCity, province);
        Assert.DoesNotContain(liaoning, province);
        Assert.DoesNotContain(otherName, province);
        Assert.Equal(5, (await SearchAllAsync(_admin, $"name={Uri.EscapeDataString(word)}")).Count);
    }

    [Fact]
    public async Task NameMatchesInFullWidthOrHalfWidthFormsAndAnyLatinCase()
    {
        var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var fullWidth = string.Concat(tag.Select(c => (char)(c + 0xFEE0)));
        var uscc = await RegisterNamedAsync("220113", $"长春{fullWidth}数据有限公司");

        var found = await SearchAllAsync(_operator, $"name={Uri.EscapeDataString(tag.ToLowerInvariant() + "数据")}");

        Assert.Equal([uscc], found.Select(e => e.GetProperty("uscc").GetString()));
    }

    [Fact]
    public async Task CreditCodePrefixFindsOnlyTheCodesThatStartWithItInAnyCase()
    {
        var uscc = await RegisterNamedAsync("220122", "长春代码前缀测试有限公司");
        var neighbour = await RegisterNamedAsync("220122", "长春代码前缀邻居有限公司");
        var prefix = uscc[..17];

        var found = await SearchAllAsync(_operator, $"uscc={prefix.ToLowerInvariant()}");
        var division = await SearchAllAsync(_operator, $"uscc={uscc[..8]}&name={Uri.EscapeDataString("代码前缀")}");

        Assert.Equal([uscc], found.Select(e => e.GetProperty("uscc").GetString()));
        Assert.Contains(neighbour, division.Select(e => e.GetProperty("uscc").GetString()));
        Assert.Contains(uscc, division.Select(e => e.GetProperty("uscc").GetString()));
    }

    [Fact]
    public async Task ANameSearchOverMoreRowsThanOneCallReadsAnswersInBoundedCallsAndStillFindsTheRareMatch()
    {
        // 6,000 profiles (more than the 5,000 rows one call may read) in a county no other test uses,
        // written straight to the table: registering each through the API would take minutes.
        const int Rows = 6_000;
        var table = stack.Tables.GetTableClient("Enterprises");
        var rare = $"乌鲁木齐罕见{Guid.NewGuid().ToString("N")[..6]}有限公司";
        static Azure.Data.Tables.TableEntity Profile(string name) => new(NewUscc("650104"), "profile")
        {
            ["Name"] = name,
            ["RegisteredCounty"] = "650104",
            ["Industry"] = "C39",
            ["Version"] = 1L,
            ["Unsubscribed"] = false,
        };

        await Parallel.ForEachAsync(Enumerable.Range(0, Rows), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = Cancellation }, async (i, token) =>
            await table.AddEntityAsync(Profile($"乌鲁木齐批量{i}有限公司"), token));

        // Its code is issued last, so it sorts after every seeded row: the search must read past its bound to reach it.
        await table.AddEntityAsync(Profile(rare), Cancellation);

        var calls = new List<(int Items, bool More, TimeSpan Took)>();
        var found = new List<string>();
        string? continuation = null;
        do
        {
            var path = $"/api/enterprises?name={Uri.EscapeDataString(rare)}" + (continuation is null ? string.Empty : $"&continuationToken={Uri.EscapeDataString(continuation)}");
            var started = System.Diagnostics.Stopwatch.StartNew();
            using var response = await _operator.GetAsync(path, Cancellation);
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)).RootElement;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            found.AddRange(page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("name").GetString()!));
            continuation = page.TryGetProperty("continuationToken", out var next) ? next.GetString() : null;
            calls.Add((page.GetProperty("items").GetArrayLength(), continuation is not null, started.Elapsed));
        }
        while (continuation is not null && calls.Count < 50);

        TestContext.Current.TestOutputHelper?.WriteLine($"name search over {Rows} seeded rows: {calls.Count} calls, {string.Join("; ", calls.Select(c => $"{c.Items} items in {c.Took.TotalMilliseconds:F0} ms"))}");
        Assert.Equal([rare], found);
        Assert.True(calls.Count >= 2, "one call read more than its bound of rows");
        Assert.True(calls[0] is { Items: 0, More: true }, "the first call should stop at its bound with nothing found yet and a token");
        Assert.False(calls[^1].More);
    }

    [Theory]
    [InlineData("uscc=91I2", "uscc", "Malformed")]
    [InlineData("uscc=9122010200000000000", "uscc", "TooLong")]
    [InlineData("region=2201x0", "region", "Malformed")]
    [InlineData("nmae=长春", "nmae", "UnknownField")]
    public async Task BadSearchIsRefusedWithTheFieldAndItsCode(string query, string field, string code)
    {
        using var response = await _operator.GetAsync($"/api/enterprises?{query}", Cancellation);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var error = problem.GetProperty("errors").EnumerateArray().Single(e => e.GetProperty("field").GetString() == field);
        Assert.Equal(code, error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task NameLongerThanAnEnterpriseNameMayBeIsRefusedWithTheLimit()
    {
        using var response = await _operator.GetAsync($"/api/enterprises?name={new string('长', 201)}", Cancellation);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var error = problem.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal("name", error.GetProperty("field").GetString());
        Assert.Equal("TooLong", error.GetProperty("code").GetString());
        Assert.Equal(200, error.GetProperty("limit").GetInt32());
    }

    public void Dispose()
    {
        _admin.Dispose();
        _operator.Dispose();
    }

    private async Task<string> RegisterNamedAsync(string county, string name)
    {
        var uscc = NewUscc(county);
        using var response = await PutAsync(_admin, $"/api/enterprises/{uscc}", Registration(county, name));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancellation));
        return uscc;
    }

    /// <summary>Every page of a search, following its continuation tokens.</summary>
    private static async Task<List<JsonElement>> SearchAllAsync(HttpClient client, string query)
    {
        var found = new List<JsonElement>();
        string? token = null;
        var pages = 0;
        do
        {
            var path = token is null ? $"/api/enterprises?{query}" : $"/api/enterprises?{query}&continuationToken={Uri.EscapeDataString(token)}";
            using var response = await client.GetAsync(path, Cancellation);
            var text = await response.Content.ReadAsStringAsync(Cancellation);
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            var page = JsonDocument.Parse(text).RootElement.Clone();
            found.AddRange(page.GetProperty("items").EnumerateArray());
            token = page.TryGetProperty("continuationToken", out var next) ? next.GetString() : null;
            Assert.True(++pages < 100, "the search never ended");
        }
        while (token is not null);

        return found;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using RiskAlerts.Core.Security;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Warnings;

[Collection(LocalStackCollection.Name)]
public sealed class SubmitWarningTests(LocalStackFixture stack) : IDisposable
{
    private readonly HttpClient _analyst = stack.ClientFor(Role.Analyst, name: "analyst-li");

    private static readonly object ValidWarning = new
    {
        category = "telecom-fraud",
        headline = "冒充公检法电信诈骗预警",
        description = "近期有不法分子冒充公安机关工作人员，以涉嫌洗钱为由要求企业财务人员转账。",
        instruction = "接到此类电话请立即挂断，拨打96110核实。",
        severity = "Severe",
        urgency = "Immediate",
        certainty = "Likely",
        regions = new[] { "220000" },
    };

    [Fact]
    public async Task AcceptedWarningIsStoredReadableAndQueuedUnderItsId()
    {
        var response = await _analyst.PostAsJsonAsync("/api/warnings", ValidWarning, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        var id = accepted.GetProperty("id").GetString()!;
        Assert.Equal($"/api/warnings/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("Accepted", accepted.GetProperty("status").GetString());

        var read = await _analyst.GetAsync(response.Headers.Location, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var raw = await read.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("冒充公检法电信诈骗预警", raw, StringComparison.Ordinal);
        var warning = JsonDocument.Parse(raw).RootElement;
        Assert.Equal(id, warning.GetProperty("id").GetString());
        Assert.Equal("冒充公检法电信诈骗预警", warning.GetProperty("headline").GetString());
        Assert.Equal("220000", Assert.Single(warning.GetProperty("regions").EnumerateArray()).GetString());
        Assert.Equal("telecom-fraud", warning.GetProperty("category").GetString());
        Assert.Equal("Immediate", warning.GetProperty("urgency").GetString());
        Assert.Equal("analyst", warning.GetProperty("source").GetString());
        Assert.Equal("Actual", warning.GetProperty("capStatus").GetString());
        Assert.True(warning.GetProperty("expiresAt").GetDateTimeOffset() > warning.GetProperty("effectiveAt").GetDateTimeOffset());
        Assert.True(warning.TryGetProperty("publishedAt", out _), "a queued warning records when it was published");
        Assert.Equal("analyst-li", warning.GetProperty("submittedBy").GetString());

        var queued = await QueueProbe.PeekAllAsync(stack.ServiceBus, "warnings");
        var message = Assert.Single(queued, m => m.MessageId == id);
        Assert.Equal("application/json", message.ContentType);
        Assert.Contains(id, message.Body.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownWarningIsNotFoundAsProblem()
    {
        var response = await _analyst.GetAsync($"/api/warnings/{Guid.CreateVersion7()}", TestContext.Current.CancellationToken);

        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string> InvalidBodies() => new()
    {
        { """{"category":"telecom-fraud","description":"d","severity":"Severe","regions":["220000"]}""", "headline" },
        { """{"category":"telecom-fraud","headline":"  ","description":"d","severity":"Severe","regions":["220000"]}""", "headline" },
        { """{"category":"telecom-fraud","headline":"h","severity":"Severe","regions":["220000"]}""", "description" },
        { """{"category":"telecom-fraud","headline":"h","description":"d","severity":"Catastrophic","regions":["220000"]}""", "severity" },
        { """{"category":"telecom-fraud","headline":"h","description":"d","severity":"3","regions":["220000"]}""", "severity" },
        { """{"category":"telecom-fraud","headline":"h","description":"d","severity":"Severe","urgency":"Soon","regions":["220000"]}""", "urgency" },
        { """{"category":"telecom-fraud","headline":"h","description":"d","severity":"Severe","certainty":"Sure","regions":["220000"]}""", "certainty" },
        { """{"category":"lottery","headline":"h","description":"d","severity":"Severe","regions":["220000"]}""", "category" },
        { """{"headline":"h","description":"d","severity":"Severe","regions":["220000"]}""", "category" },
        { """{"category":"telecom-fraud","headline":"h","description":"d","severity":"Severe","regions":["22"]}""", "regions[0]" },
        { """{"category":"telecom-fraud","headline":"h","description":"d","severity":"Severe","regions":["220000","22000A"]}""", "regions[1]" },
        { """{"category":"telecom-fraud","headline":"h","description":"d","severity":"Severe","regions":["990000"]}""", "regions[0]" },
        { """{"category":"telecom-fraud","headline":"h","description":"d","severity":"Severe","regions":[]}""", "regions" },
        { """{"category":"telecom-fraud","headline":"h","description":"d","severity":"Severe"}""", "regions" },
        { """{"category":"telecom-fraud","headline":"h","description":"d","severity":"Severe","regions":[null]}""", "regions[0]" },
        { """{"category":"telecom-fraud","headline":"h","description":"d","severity":"Severe","targets":["91110000802100433X"]}""", "targets[0]" },
        { """{"category":"telecom-fraud","headline":"h","description":"d","severity":"Severe","regions":["220000"],"industries":["Z"]}""", "industries[0]" },
        { """{"category":"telecom-fraud","headline":"h","description":"d","severity":"Severe","regions":["220000"],"channels":["fax"]}""", "channels[0]" },
        { """{"category":"telecom-fraud","headline":"h","description":"d","severity":"Severe","regions":["220000"],"channels":[]}""", "channels" },
        { """{"category":"telecom-fraud","headline":"h","description":"d","severity":"Severe","regions":["220000"],"effectiveAt":"2030-01-02T00:00:00Z","expiresAt":"2030-01-01T00:00:00Z"}""", "expiresAt" },
        { """{"category":"telecom-fraud","headline":"h","description":"d","severity":"Severe","regions":["220000"],"expiresAt":"2020-01-01T00:00:00Z"}""", "expiresAt" },
        { """{"category":"telecom-fraud","headline":"h","description":"d","severity":"Severe","regions":["220000"],"effectiveAt":"2030-01-01T00:00:00Z","expiresAt":"2030-06-01T00:00:00Z"}""", "expiresAt" },
        { """{"category":"telecom-fraud","headline":"h","description":"d","severity":"Severe","regions":["220000"],"expiresAt":"tomorrow"}""", "expiresAt" },
        { """{"category":"telecom-fraud","headline":"h","description":"d","severity":"Severe","regions":["220000"],"language":"fr"}""", "language" },
        { """{"category":"telecom-fraud","headline":"h","description":"d","severity":"Severe","regions":["220000"],"capStatus":"Draft"}""", "capStatus" },
        { """{"category":"telecom-fraud","headline":"h","description":"d","severity":"Severe","regions":["220000"],"capStatus":"System"}""", "capStatus" },
        { """{"category":"telecom-fraud","headline":"h","description":"d","severity":"Severe","regions":["220000"],"capStatus":"exercise"}""", "capStatus" },
        { """{"category":"telecom-fraud","headline":"h","description":"d","severity":"Severe","regionCode":"220000"}""", "regionCode" },
        { """{"category":"telecom-fraud","headline":42,"description":"d","severity":"Severe","regions":["220000"]}""", "headline" },
        { """{"category":"telecom-fraud","headline":"h","description":"d","severity":"Severe","regions":"220000"}""", "regions" },
        { """{"category":"telecom-fraud","headline":"h","description":"d","severity":"Severe","regions":["220000"] """, "$" },
        { "", "$" },
        { "null", "$" },
        { "[]", "$" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task InvalidWarningIsRefusedNamingTheFieldAndChangesNothing(string body, string expectedField)
    {
        var before = await CountAsync();

        var response = await _analyst.PostAsync("/api/warnings", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(expectedField, ProblemAssertions.ErrorFields(problem));
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task NonJsonBodyIsUnsupportedMediaType()
    {
        var before = await CountAsync();

        var response = await _analyst.PostAsync("/api/warnings", new StringContent("headline=h", Encoding.UTF8, "application/x-www-form-urlencoded"), TestContext.Current.CancellationToken);

        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task OversizedBodyIsRefusedAsTooLarge()
    {
        var before = await CountAsync();
        var huge = JsonSerializer.Serialize(new { category = "telecom-fraud", headline = "h", description = new string('x', 100_000), severity = "Severe", regions = new[] { "220000" } });

        var response = await _analyst.PostAsync("/api/warnings", new StringContent(huge, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task SubmitWithoutCredentialsIsUnauthorizedAndChangesNothing()
    {
        var before = await CountAsync();

        var response = await stack.Http.PostAsJsonAsync("/api/warnings", ValidWarning, TestContext.Current.CancellationToken);

        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task SubmitByAnEnterpriseIsForbiddenAndChangesNothing()
    {
        var before = await CountAsync();
        using var enterprise = stack.ClientFor(Role.Enterprise, uscc: "91110000802100433B");

        var response = await enterprise.PostAsJsonAsync("/api/warnings", ValidWarning, TestContext.Current.CancellationToken);

        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(before, await CountAsync());
    }

    public void Dispose() => _analyst.Dispose();

    private async Task<(int Rows, int Messages)> CountAsync()
    {
        var table = stack.Tables.GetTableClient("Warnings");
        var rows = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(select: ["PartitionKey"], cancellationToken: TestContext.Current.CancellationToken))
        {
            rows++;
        }

        var messages = (await QueueProbe.PeekAllAsync(stack.ServiceBus, "warnings")).Count;
        return (rows, messages);
    }
}

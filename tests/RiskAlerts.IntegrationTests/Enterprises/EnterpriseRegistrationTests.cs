using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using RiskAlerts.Core.Security;
using RiskAlerts.IntegrationTests.Fixtures;
using static RiskAlerts.IntegrationTests.Enterprises.EnterpriseTestData;

namespace RiskAlerts.IntegrationTests.Enterprises;

[Collection(LocalStackCollection.Name)]
public sealed class EnterpriseRegistrationTests(LocalStackFixture stack) : IDisposable
{
    private readonly HttpClient _admin = stack.ClientFor(Role.Admin, name: "admin-wang");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RegisteredEnterpriseReadsBackWithItsETagAndEachUpdateMovesTheVersion()
    {
        var uscc = NewUscc();
        using var self = stack.ClientFor(Role.Enterprise, uscc);

        using var created = await PutAsync(self, $"/api/enterprises/{uscc}", Registration());

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"1\"", created.Headers.ETag?.ToString());
        Assert.Equal($"/api/enterprises/{uscc}", created.Headers.Location?.OriginalString);

        using var read = await self.GetAsync($"/api/enterprises/{uscc}", Cancellation);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("\"1\"", read.Headers.ETag?.ToString());
        var body = JsonDocument.Parse(await read.Content.ReadAsStringAsync(Cancellation)).RootElement;
        Assert.Equal(uscc, body.GetProperty("uscc").GetString());
        Assert.Equal("220102", body.GetProperty("enterprise").GetProperty("registeredCounty").GetString());
        Assert.Equal("+8613912345678", body.GetProperty("contacts")[1].GetProperty("mobile").GetString());
        Assert.Equal("220102", body.GetProperty("preferences").GetProperty("regions")[0].GetString());
        Assert.False(body.GetProperty("unsubscribed").GetBoolean());

        using var updated = await PutAsync(self, $"/api/enterprises/{uscc}", Registration(name: "长春测试科技股份有限公司"), ifMatch: "\"1\"");
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("\"2\"", updated.Headers.ETag?.ToString());
        Assert.Equal(["220102"], await IndexRegionsAsync(stack.Tables, uscc));
    }

    [Fact]
    public async Task ContactsMarkedAsExerciseParticipantsReadBackSoAndOthersAsNot()
    {
        var uscc = NewUscc();
        var body = Registration();
        body["contacts"]![1]!["exerciseParticipant"] = true;

        using var created = await PutAsync(_admin, $"/api/enterprises/{uscc}", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var read = await _admin.GetAsync($"/api/enterprises/{uscc}", Cancellation);
        var contacts = JsonDocument.Parse(await read.Content.ReadAsStringAsync(Cancellation)).RootElement.GetProperty("contacts");
        Assert.False(contacts[0].GetProperty("exerciseParticipant").GetBoolean());
        Assert.True(contacts[1].GetProperty("exerciseParticipant").GetBoolean());
    }

    [Theory]
    [InlineData("\"yes\"")]
    [InlineData("1")]
    public async Task ExerciseFlagThatIsNotTrueOrFalseIsRefusedNamingItAndNothingIsWritten(string value)
    {
        var uscc = NewUscc();
        var body = Registration();
        body["contacts"]![0]!["exerciseParticipant"] = JsonNode.Parse(value);
        var before = await SnapshotAsync(stack.Tables);

        using var response = await PutAsync(_admin, $"/api/enterprises/{uscc}", body);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["contacts[0].exerciseParticipant"], ProblemAssertions.ErrorFields(problem));
        Assert.Equal(before, await SnapshotAsync(stack.Tables));
    }

    [Fact]
    public async Task UpdateWithStaleIfMatchIsPreconditionFailedAndChangesNothing()
    {
        var uscc = await RegisterAsync(_admin);
        using var second = await PutAsync(_admin, $"/api/enterprises/{uscc}", Registration(name: "第二版名称有限公司"));
        Assert.Equal("\"2\"", second.Headers.ETag?.ToString());
        var before = await SnapshotAsync(stack.Tables);

        using var stale = await PutAsync(_admin, $"/api/enterprises/{uscc}", Registration(name: "过期版本有限公司"), ifMatch: "\"1\"");
        using var staleContacts = await PutAsync(_admin, $"/api/enterprises/{uscc}/contacts", new JsonObject { ["contacts"] = new JsonArray(Contact()) }, ifMatch: "\"1\"");
        using var stalePreferences = await PutAsync(_admin, $"/api/enterprises/{uscc}/preferences", new JsonObject { ["preferences"] = Preferences("220100") }, ifMatch: "\"1\"");

        await ProblemAssertions.AssertProblemAsync(stale, HttpStatusCode.PreconditionFailed);
        await ProblemAssertions.AssertProblemAsync(staleContacts, HttpStatusCode.PreconditionFailed);
        await ProblemAssertions.AssertProblemAsync(stalePreferences, HttpStatusCode.PreconditionFailed);
        Assert.Equal(before, await SnapshotAsync(stack.Tables));
        using var read = await _admin.GetAsync($"/api/enterprises/{uscc}", Cancellation);
        Assert.Equal("\"2\"", read.Headers.ETag?.ToString());
        var stored = JsonDocument.Parse(await read.Content.ReadAsStringAsync(Cancellation)).RootElement;
        Assert.Equal("第二版名称有限公司", stored.GetProperty("enterprise").GetProperty("name").GetString());

        using var current = await PutAsync(_admin, $"/api/enterprises/{uscc}/contacts", new JsonObject { ["contacts"] = new JsonArray(Contact()) }, ifMatch: "\"2\"");
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal("\"3\"", current.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task EnterpriseCannotReadOrChangeAnotherEnterprisesRecord()
    {
        var victim = await RegisterAsync(_admin);
        var intruderCode = NewUscc();
        using var intruder = stack.ClientFor(Role.Enterprise, intruderCode);
        var before = await SnapshotAsync(stack.Tables);

        using var read = await intruder.GetAsync($"/api/enterprises/{victim}", Cancellation);
        using var put = await PutAsync(intruder, $"/api/enterprises/{victim}", Registration());
        using var contacts = await PutAsync(intruder, $"/api/enterprises/{victim}/contacts", new JsonObject { ["contacts"] = new JsonArray(Contact()) });
        using var preferences = await PutAsync(intruder, $"/api/enterprises/{victim}/preferences", new JsonObject { ["preferences"] = Preferences("220100") });
        using var unsubscribe = await intruder.PostAsync($"/api/enterprises/{victim}/unsubscribe", null, Cancellation);
        using var list = await intruder.GetAsync("/api/enterprises?region=22", Cancellation);

        foreach (var response in new[] { read, put, contacts, preferences, unsubscribe, list })
        {
            await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        }

        Assert.Equal(before, await SnapshotAsync(stack.Tables));
    }

    [Fact]
    public async Task CallerWithoutCredentialsIsUnauthorized()
    {
        var uscc = await RegisterAsync(_admin);
        var before = await SnapshotAsync(stack.Tables);

        using var read = await stack.Http.GetAsync($"/api/enterprises/{uscc}", Cancellation);
        using var put = await PutAsync(stack.Http, $"/api/enterprises/{uscc}", Registration());

        await ProblemAssertions.AssertProblemAsync(read, HttpStatusCode.Unauthorized);
        await ProblemAssertions.AssertProblemAsync(put, HttpStatusCode.Unauthorized);
        Assert.Equal(before, await SnapshotAsync(stack.Tables));
    }

    [Fact]
    public async Task OperatorReadsWithContactsMaskedButCannotChangeAnything()
    {
        var uscc = await RegisterAsync(_admin);
        using var operatorClient = stack.ClientFor(Role.Operator, name: "operator-zhao");
        var before = await SnapshotAsync(stack.Tables);

        using var read = await operatorClient.GetAsync($"/api/enterprises/{uscc}", Cancellation);
        using var put = await PutAsync(operatorClient, $"/api/enterprises/{uscc}", Registration());
        using var unsubscribe = await operatorClient.PostAsync($"/api/enterprises/{uscc}/unsubscribe", null, Cancellation);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var contact = JsonDocument.Parse(await read.Content.ReadAsStringAsync(Cancellation)).RootElement.GetProperty("contacts")[0];
        Assert.Equal("+86 138****5678", contact.GetProperty("mobile").GetString());
        Assert.Equal("z***@example.com", contact.GetProperty("email").GetString());
        await ProblemAssertions.AssertProblemAsync(put, HttpStatusCode.Forbidden);
        await ProblemAssertions.AssertProblemAsync(unsubscribe, HttpStatusCode.Forbidden);
        Assert.Equal(before, await SnapshotAsync(stack.Tables));
    }

    [Fact]
    public async Task WideningInterestToThePrefectureMovesTheIndexRow()
    {
        var uscc = await RegisterAsync(_admin, "220102");
        Assert.Equal(["220102"], await IndexRegionsAsync(stack.Tables, uscc));
        using var self = stack.ClientFor(Role.Enterprise, uscc);

        using var widened = await PutAsync(self, $"/api/enterprises/{uscc}/preferences", new JsonObject { ["preferences"] = Preferences("220100") });

        Assert.Equal(HttpStatusCode.OK, widened.StatusCode);
        Assert.Equal(["220100"], await IndexRegionsAsync(stack.Tables, uscc));

        using var both = await PutAsync(self, $"/api/enterprises/{uscc}/preferences", new JsonObject { ["preferences"] = Preferences("220000", "220102") });
        Assert.Equal(HttpStatusCode.OK, both.StatusCode);
        Assert.Equal(["220000", "220102"], await IndexRegionsAsync(stack.Tables, uscc));
    }

    [Fact]
    public async Task UnsubscribeRemovesEveryIndexRowAndKeepsTheRecord()
    {
        var uscc = await RegisterAsync(_admin, "220102", "220102", "220000");
        Assert.Equal(["220000", "220102"], await IndexRegionsAsync(stack.Tables, uscc));
        using var self = stack.ClientFor(Role.Enterprise, uscc);

        using var unsubscribed = await self.PostAsync($"/api/enterprises/{uscc}/unsubscribe", null, Cancellation);

        Assert.Equal(HttpStatusCode.OK, unsubscribed.StatusCode);
        Assert.Empty(await IndexRegionsAsync(stack.Tables, uscc));
        using var read = await self.GetAsync($"/api/enterprises/{uscc}", Cancellation);
        var body = JsonDocument.Parse(await read.Content.ReadAsStringAsync(Cancellation)).RootElement;
        Assert.True(body.GetProperty("unsubscribed").GetBoolean());
        Assert.Equal(2, body.GetProperty("contacts").GetArrayLength());

        // Stating preferences again is the way back in.
        using var back = await PutAsync(self, $"/api/enterprises/{uscc}/preferences", new JsonObject { ["preferences"] = Preferences("220102") });
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Equal(["220102"], await IndexRegionsAsync(stack.Tables, uscc));
    }

    [Fact]
    public async Task AdminListsByRegisteredRegionPageByPage()
    {
        var inCounty = new[] { await RegisterAsync(_admin, "220106"), await RegisterAsync(_admin, "220106"), await RegisterAsync(_admin, "220106") };
        var elsewhere = await RegisterAsync(_admin, "210102");

        var listed = new List<string>();
        string? token = null;
        do
        {
            var path = token is null ? "/api/enterprises?region=220106&pageSize=2" : $"/api/enterprises?region=220106&pageSize=2&continuationToken={Uri.EscapeDataString(token)}";
            using var response = await _admin.GetAsync(path, Cancellation);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)).RootElement;
            Assert.True(page.GetProperty("items").GetArrayLength() <= 2);
            listed.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("uscc").GetString()!));
            token = page.TryGetProperty("continuationToken", out var next) ? next.GetString() : null;
        }
        while (token is not null);

        Assert.Equal(inCounty.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        using var liaoning = await _admin.GetAsync("/api/enterprises?region=21&pageSize=200", Cancellation);
        Assert.Contains(elsewhere, await liaoning.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/enterprises?region=2", "region")]
    [InlineData("/api/enterprises?region=22x1", "region")]
    [InlineData("/api/enterprises?pageSize=0", "pageSize")]
    [InlineData("/api/enterprises?pageSize=201", "pageSize")]
    [InlineData("/api/enterprises?pageSize=ten", "pageSize")]
    [InlineData("/api/enterprises?continuationToken=not-a-token", "continuationToken")]
    public async Task BadListingQueryIsRefusedNamingTheParameter(string path, string field)
    {
        using var response = await _admin.GetAsync(path, Cancellation);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(field, ProblemAssertions.ErrorFields(problem));
    }

    [Fact]
    public async Task ChangingAnUnregisteredEnterpriseIsNotFound()
    {
        var uscc = NewUscc();
        var before = await SnapshotAsync(stack.Tables);

        using var contacts = await PutAsync(_admin, $"/api/enterprises/{uscc}/contacts", new JsonObject { ["contacts"] = new JsonArray(Contact()) });
        using var unsubscribe = await _admin.PostAsync($"/api/enterprises/{uscc}/unsubscribe", null, Cancellation);
        using var read = await _admin.GetAsync($"/api/enterprises/{uscc}", Cancellation);

        await ProblemAssertions.AssertProblemAsync(contacts, HttpStatusCode.NotFound);
        await ProblemAssertions.AssertProblemAsync(unsubscribe, HttpStatusCode.NotFound);
        await ProblemAssertions.AssertProblemAsync(read, HttpStatusCode.NotFound);
        Assert.Equal(before, await SnapshotAsync(stack.Tables));
    }

    public void Dispose() => _admin.Dispose();
}

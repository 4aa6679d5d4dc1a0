using System.Net;
using System.Text.Json;
using RiskAlerts.Core.Security;
using RiskAlerts.Functions;
using RiskAlerts.Functions.Hosting;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Hosting;

public sealed class OpenApiDocumentTests(LocalStackFixture stack)
{
    [Fact]
    public async Task DocumentDescribesEveryRouteWithItsRolesAndBodySchemas()
    {
        using var client = stack.ClientFor(Role.Analyst);

        var response = await client.GetAsync("/api/openapi.json", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("3.1.0", document.GetProperty("openapi").GetString());
        var paths = document.GetProperty("paths");
        foreach (var route in FunctionRouteDiscovery.Discover(typeof(FunctionsServiceCollectionExtensions).Assembly, "api"))
        {
            foreach (var method in route.HttpMethods)
            {
                Assert.True(paths.TryGetProperty(route.RouteTemplate, out var path) && path.TryGetProperty(method.ToLowerInvariant(), out _), $"{method} {route.RouteTemplate} is missing");
            }
        }

        var submit = paths.GetProperty("/api/warnings").GetProperty("post");
        Assert.Equal(["analyst", "admin"], submit.GetProperty("x-roles").EnumerateArray().Select(r => r.GetString()));
        var body = submit.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.True(body.GetProperty("properties").TryGetProperty("headline", out _));
        Assert.True(submit.GetProperty("responses").TryGetProperty("202", out _));
        Assert.True(submit.GetProperty("responses").TryGetProperty("400", out _));
        Assert.True(paths.GetProperty("/api/enterprises/{uscc}").GetProperty("put").GetProperty("parameters")[0].GetProperty("name").GetString() == "uscc");
    }

    [Fact]
    public async Task DocumentSaysWhereCapXmlIsTakenAndAnswered()
    {
        using var client = stack.ClientFor(Role.Analyst);

        var paths = JsonDocument.Parse(await client.GetStringAsync("/api/openapi.json", TestContext.Current.CancellationToken)).RootElement.GetProperty("paths");

        foreach (var path in new[] { "/api/warnings", "/api/signals" })
        {
            var content = paths.GetProperty(path).GetProperty("post").GetProperty("requestBody").GetProperty("content");
            Assert.True(content.TryGetProperty("application/json", out _), path);
            Assert.Contains("GB/T 2260", content.GetProperty("application/cap+xml").GetProperty("schema").GetProperty("description").GetString(), StringComparison.Ordinal);
        }

        var read = paths.GetProperty("/api/warnings/{id}").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.True(read.TryGetProperty("application/json", out _));
        Assert.Contains("senderName", read.GetProperty("application/cap+xml").GetProperty("schema").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.False(paths.GetProperty("/api/warnings/preview").GetProperty("post").GetProperty("requestBody").GetProperty("content").TryGetProperty("application/cap+xml", out _));
    }

    [Fact]
    public async Task EnterpriseSearchIsDescribedWithItsQueryParametersAndOpenToOperators()
    {
        using var client = stack.ClientFor(Role.Operator);

        var document = JsonDocument.Parse(await client.GetStringAsync("/api/openapi.json", TestContext.Current.CancellationToken)).RootElement;

        var search = document.GetProperty("paths").GetProperty("/api/enterprises").GetProperty("get");
        Assert.Equal(["admin", "operator"], search.GetProperty("x-roles").EnumerateArray().Select(r => r.GetString()).Order(StringComparer.Ordinal));
        var parameters = search.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p);
        Assert.Equal(["continuationToken", "name", "pageSize", "region", "uscc"], parameters.Keys.Order(StringComparer.Ordinal));
        Assert.All(parameters.Values, p => Assert.Equal(("query", false), (p.GetProperty("in").GetString(), p.GetProperty("required").GetBoolean())));
        Assert.Contains("sub-regions", parameters["region"].GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErasureIsForAdminsOnlyAndSaysWhatASecondEraseAndAMissingKeyAnswerAndTheExportIsTheEnterprisesOwn()
    {
        using var client = stack.ClientFor(Role.Analyst);

        var document = JsonDocument.Parse(await client.GetStringAsync("/api/openapi.json", TestContext.Current.CancellationToken)).RootElement;

        var erase = document.GetProperty("paths").GetProperty("/api/enterprises/{uscc}/erase").GetProperty("post");
        Assert.Equal(["admin"], erase.GetProperty("x-roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains("same record", erase.GetProperty("summary").GetString(), StringComparison.Ordinal);
        var responses = erase.GetProperty("responses");
        Assert.True(erase.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("properties").TryGetProperty("reason", out _));
        foreach (var status in new[] { "200", "400", "401", "403", "404", "409" })
        {
            Assert.True(responses.TryGetProperty(status, out _), $"erase documents no {status}");
        }

        Assert.Contains("PseudonymKey", responses.GetProperty("409").GetProperty("description").GetString(), StringComparison.Ordinal);

        var contact = document.GetProperty("paths").GetProperty("/api/enterprises/{uscc}/contacts/{contactId}/erase").GetProperty("post");
        Assert.Equal(["admin"], contact.GetProperty("x-roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains("last contact", contact.GetProperty("responses").GetProperty("409").GetProperty("description").GetString(), StringComparison.Ordinal);

        var export = document.GetProperty("paths").GetProperty("/api/enterprises/{uscc}/export").GetProperty("get");
        Assert.Equal(["enterprise", "admin"], export.GetProperty("x-roles").EnumerateArray().Select(r => r.GetString()));
        Assert.True(export.GetProperty("responses").TryGetProperty("404", out _));
        var exported = export.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("properties");
        foreach (var property in new[] { "registration", "consents", "optOuts", "warnings", "deliveriesTruncated" })
        {
            Assert.True(exported.TryGetProperty(property, out _), $"the export's schema has no {property}");
        }
    }

    [Fact]
    public async Task DocumentNeedsCredentials()
    {
        var response = await stack.Http.GetAsync("/api/openapi.json", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}

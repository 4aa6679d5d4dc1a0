using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Validation;
using RiskAlerts.Functions.Http;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Http;

/// <summary>Problems carry stable codes a client can say in its own language, and the document lists them.</summary>
[Collection(LocalStackCollection.Name)]
public sealed class ProblemCodeTests(LocalStackFixture stack) : IDisposable
{
    private readonly HttpClient _analyst = stack.ClientFor(Role.Analyst);

    [Fact]
    public async Task RefusedWarningNamesEachFieldWithItsCodeAndTheLimitItBroke()
    {
        var response = await _analyst.PostAsJsonAsync(
            "/api/warnings",
            new { category = "telecom-fraud", headline = new string('长', 121), description = "", severity = "Severe", regions = new[] { "229900", "22" } },
            TestContext.Current.CancellationToken);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("ValidationFailed", problem.GetProperty("code").GetString());
        var errors = problem.GetProperty("errors").EnumerateArray().ToDictionary(e => e.GetProperty("field").GetString()!);
        Assert.Equal("TooLong", errors["headline"].GetProperty("code").GetString());
        Assert.Equal(120, errors["headline"].GetProperty("limit").GetInt64());
        Assert.Equal("Required", errors["description"].GetProperty("code").GetString());
        Assert.False(errors["description"].TryGetProperty("limit", out _));
        Assert.Equal("Malformed", errors["regions[1]"].GetProperty("code").GetString());
    }

    [Fact]
    public async Task UnknownRegionAndNotAllowedCategoryHaveTheirOwnCodes()
    {
        var response = await _analyst.PostAsJsonAsync(
            "/api/warnings",
            new { category = "电信诈骗", headline = "标题", description = "描述", severity = "Severe", regions = new[] { "229900" } },
            TestContext.Current.CancellationToken);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors").EnumerateArray().ToDictionary(e => e.GetProperty("field").GetString()!, e => e.GetProperty("code").GetString());
        Assert.Equal("NotAllowed", errors["category"]);
        Assert.Equal("UnknownRegion", errors["regions[0]"]);
    }

    [Fact]
    public async Task MissingCredentialsAndAMissingWarningAnswerWithTheirCodes()
    {
        var anonymous = await stack.Http.GetAsync("/api/warnings", TestContext.Current.CancellationToken);
        Assert.Equal("Unauthenticated", (await ProblemAssertions.AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized)).GetProperty("code").GetString());

        var missing = await _analyst.GetAsync($"/api/warnings/{Guid.NewGuid()}", TestContext.Current.CancellationToken);
        Assert.Equal("NotFound", (await ProblemAssertions.AssertProblemAsync(missing, HttpStatusCode.NotFound)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task OpenApiDocumentListsAndDescribesEveryProblemAndFieldErrorCode()
    {
        var document = JsonDocument.Parse(await _analyst.GetStringAsync("/api/openapi.json", TestContext.Current.CancellationToken)).RootElement;

        var problem = document.GetProperty("components").GetProperty("schemas").GetProperty("Problem").GetProperty("properties");
        AssertDocuments<ProblemCode>(problem.GetProperty("code"));
        var error = problem.GetProperty("errors").GetProperty("items").GetProperty("properties");
        AssertDocuments<FieldErrorCode>(error.GetProperty("code"));
        Assert.True(error.TryGetProperty("field", out _));
        Assert.True(error.TryGetProperty("limit", out _));
    }

    private static void AssertDocuments<TCode>(JsonElement schema)
        where TCode : struct, Enum
    {
        var listed = schema.GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ToHashSet();
        var description = schema.GetProperty("description").GetString()!;
        foreach (var name in Enum.GetNames<TCode>())
        {
            Assert.Contains(name, listed);
            Assert.Contains($"`{name}`: ", description, StringComparison.Ordinal);
        }
    }

    public void Dispose() => _analyst.Dispose();
}

using System.Net;
using System.Text.Json;

namespace RiskAlerts.IntegrationTests.Fixtures;

/// <summary>Reads a problem+json answer and checks its shape.</summary>
public static class ProblemAssertions
{
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expectedStatus)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expectedStatus == response.StatusCode, $"expected {(int)expectedStatus}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)expectedStatus, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("code").GetString()), $"a problem without a code: {body}");
        return problem;
    }

    /// <summary>The fields named in the problem's <c>errors</c> list.</summary>
    public static IReadOnlyList<string> ErrorFields(JsonElement problem) =>
        problem.TryGetProperty("errors", out var errors)
            ? errors.EnumerateArray().Select(e => e.GetProperty("field").GetString()!).ToList()
            : [];
}

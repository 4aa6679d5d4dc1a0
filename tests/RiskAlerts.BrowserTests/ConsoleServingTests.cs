using System.Net;
using RiskAlerts.BrowserTests.Fixtures;

namespace RiskAlerts.BrowserTests;

/// <summary>How the console's files are served: types, caching and the content security policy.</summary>
public sealed class ConsoleServingTests(BrowserStackFixture stack)
{
    [Fact]
    public async Task PageIsHtmlWithAStrictContentSecurityPolicyAndNeedsNoPrincipal()
    {
        using var http = new HttpClient { BaseAddress = stack.BaseAddress };

        using var response = await http.GetAsync("/api/console", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoCache);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);

        // No inline script of any kind: the policy would block it, and the page must not need it.
        Assert.DoesNotMatch(@"\son[a-z]+\s*=", html);
    }

    [Theory]
    [InlineData("console.js", "text/javascript; charset=utf-8")]
    [InlineData("api.js", "text/javascript; charset=utf-8")]
    [InlineData("strings.js", "text/javascript; charset=utf-8")]
    [InlineData("ui.js", "text/javascript; charset=utf-8")]
    [InlineData("operations.js", "text/javascript; charset=utf-8")]
    [InlineData("state.js", "text/javascript; charset=utf-8")]
    [InlineData("console.css", "text/css; charset=utf-8")]
    public async Task AssetsAreServedWithTheirTypeCachingAndEtag(string asset, string contentType)
    {
        using var http = new HttpClient { BaseAddress = stack.BaseAddress };

        using var response = await http.GetAsync($"/api/console/{asset}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.ToString());
        Assert.Equal(TimeSpan.FromMinutes(5), response.Headers.CacheControl?.MaxAge);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/api/console/{asset}");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        using var revalidated = await http.SendAsync(again, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
    }

    [Theory]
    [InlineData("index.html")]
    [InlineData("missing.js")]
    [InlineData("package.json")]
    [InlineData("..%2Fhost.json")]
    public async Task OnlyTheListedAssetsAreServed(string asset)
    {
        using var http = new HttpClient { BaseAddress = stack.BaseAddress };

        using var response = await http.GetAsync($"/api/console/{asset}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Security;
using RiskAlerts.Functions;
using RiskAlerts.Functions.Hosting;
using RiskAlerts.Functions.Http;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Security;

/// <summary>
/// Every route with a path parameter × every malformed value of a corpus, put in one parameter at a
/// time: without credentials the answer is the same 401 a well-formed value gets; with a role the
/// route admits it is a 400 naming the parameter or a 404, as problem+json, never a 5xx (two values
/// the HTTP server settles before any route runs are checked for what the server does). Routes are
/// read from the function classes, so a new route joins the corpus by existing. Runs in the local
/// stack collection: a malformed value that wrongly passed could replay or pause something.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed partial class MalformedRouteValueTests(LocalStackFixture stack)
{
    private static readonly string OwnEnterprise = UnifiedSocialCreditCode.FromFirst17("91220101MA1234567").Value;

    /// <summary>Malformed values by name (the names keep control characters out of test names).</summary>
    private static readonly Dictionary<string, string> Corpus = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["letters"] = "abc",
        ["negative"] = "-1",
        ["beyond a long"] = "99999999999999999999",
        ["NUL"] = "\0",
        ["percent-zero-zero as text"] = "%00",
        ["dot-dot"] = "..",
        ["300 characters"] = new string('a', 300),
        ["exponent"] = "1e5",
        ["space"] = " ",
        ["unicode"] = "预警😀",
        ["fraction"] = "1.5",
        ["hexadecimal"] = "0x10",
        ["percent"] = "%",
        ["encoded slash"] = "1/2",
        ["control and markup"] = "\u0007<script>",
    };

    /// <summary>
    /// A path holding NUL (<c>%00</c>) is refused by Kestrel with a bare 400 before any middleware runs,
    /// whoever asks: no route, and so no function, ever sees it.
    /// </summary>
    private static readonly string[] RefusedByTheServer = ["NUL"];

    /// <summary>
    /// A dot segment is resolved away by the server before routing (RFC 3986 §5.2.4, percent-encoded too):
    /// the request names the parent path, not a value of this route.
    /// </summary>
    private static readonly string[] ResolvedAway = ["dot-dot"];

    /// <summary>A well-formed value for each path parameter, put in the parameters not under test.</summary>
    private static readonly Dictionary<string, string> WellFormed = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["id"] = Guid.CreateVersion7().ToString(),
        ["uscc"] = OwnEnterprise,
        ["contactId"] = "primary",
        ["entity"] = "sms",
        ["sequenceNumber"] = "1",
        ["channel"] = "sms",
        ["provider"] = "primary",
        ["asset"] = "console.css",
    };

    private static IReadOnlyList<(FunctionHttpRoute Route, ApiOperationAttribute Operation)> Routes { get; } =
    [
        .. FunctionRouteDiscovery.Discover(typeof(FunctionsServiceCollectionExtensions).Assembly, "api")
            .Where(r => Parameters(r.RouteTemplate).Any())
            .Select(r => (r, r.Method.GetCustomAttribute<ApiOperationAttribute>()!)),
    ];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var (route, _) in Routes)
        {
            foreach (var method in route.HttpMethods)
            {
                foreach (var parameter in Parameters(route.RouteTemplate))
                {
                    foreach (var value in Corpus.Keys)
                    {
                        data.Add(route.FunctionName, method, parameter, value);
                    }
                }
            }
        }

        return data;
    }

    [Fact]
    public void CorpusCoversEveryRouteWithAPathParameter()
    {
        Assert.NotEmpty(Routes);
        Assert.Contains(Routes, r => r.Route.FunctionName == "GetDeadLetter");
        Assert.All(
            Routes.SelectMany(r => Parameters(r.Route.RouteTemplate)),
            p => Assert.True(WellFormed.ContainsKey(p), $"give path parameter '{p}' a well-formed value in {nameof(WellFormed)}"));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task MalformedPathValueIsRefusedAfterAuthenticationAndNeverFails(string function, string method, string parameter, string value)
    {
        var (route, operation) = Routes.Single(r => r.Route.FunctionName == function);
        var uri = Address(route.RouteTemplate, parameter, Corpus[value]);
        var role = operation.Roles.FirstOrDefault() ?? Role.Admin;
        using var client = stack.ClientFor(role, role == Role.Enterprise ? OwnEnterprise : null);

        if (RefusedByTheServer.Contains(value))
        {
            using var bare = await SendAsync(stack.Http, method, uri);
            using var withRole = await SendAsync(client, method, uri);
            Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, withRole.StatusCode);
            return;
        }

        if (ResolvedAway.Contains(value))
        {
            // Whatever the parent path is, it is no success and no failure of the server. It may be a
            // signed-link route (/api/unsubscribe), which without its link's parameters names them (400),
            // or a route the role may not use (/api/enterprises/../warnings is the analysts' list: 403).
            using var bare = await SendAsync(stack.Http, method, uri);
            using var withRole = await SendAsync(client, method, uri);
            await AssertOneOfAsync(bare, HttpStatusCode.Unauthorized, HttpStatusCode.BadRequest, HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed);
            await AssertOneOfAsync(withRole, HttpStatusCode.BadRequest, HttpStatusCode.Forbidden, HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed);
            return;
        }

        if (operation.Anonymous)
        {
            using var open = await SendAsync(stack.Http, method, uri);
            await AssertRefusedAsync(open, parameter);
            return;
        }

        using (var anonymous = await SendAsync(stack.Http, method, uri))
        {
            await ProblemAssertions.AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        }

        if (operation.SharedSecretHeader is { } header)
        {
            // The secret is one provider's: with a malformed provider name nobody is authenticated.
            using var withSecret = await SendAsync(stack.Http, method, uri, (header, LocalStackFixture.ReceiptSecret));
            await ProblemAssertions.AssertProblemAsync(withSecret, HttpStatusCode.Unauthorized);
            return;
        }

        using var authenticated = await SendAsync(client, method, uri);
        await AssertRefusedAsync(authenticated, parameter);
    }

    /// <summary>404, or 400 naming <paramref name="parameter"/>, as problem+json.</summary>
    private static async Task AssertRefusedAsync(HttpResponseMessage response, string parameter)
    {
        var problem = await AssertOneOfAsync(response, HttpStatusCode.BadRequest, HttpStatusCode.NotFound);
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            Assert.True(ProblemAssertions.ErrorFields(problem).Contains(parameter), $"expected an error on '{parameter}', got {problem}");
        }
    }

    private static async Task<JsonElement> AssertOneOfAsync(HttpResponseMessage response, params HttpStatusCode[] expected)
    {
        var body = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(
            expected.Contains(response.StatusCode),
            $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.OriginalString}: expected {string.Join(" or ", expected.Select(s => (int)s))}, got {(int)response.StatusCode}: {body}");
        return await ProblemAssertions.AssertProblemAsync(response, response.StatusCode);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, Uri uri, (string Name, string Value)? header = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), uri);
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        if (header is { } h)
        {
            request.Headers.Add(h.Name, h.Value);
        }

        return await client.SendAsync(request, Cancellation);
    }

    /// <summary>
    /// The route with <paramref name="value"/>, percent-encoded, in <paramref name="parameter"/>. The path is
    /// sent as written: the client does not resolve a dot segment away before the server sees it.
    /// </summary>
    private Uri Address(string template, string parameter, string value)
    {
        var path = RouteParameter().Replace(template, m => m.Groups["name"].Value == parameter ? Uri.EscapeDataString(value) : WellFormed[m.Groups["name"].Value]);
        return new Uri(stack.BaseAddress.GetLeftPart(UriPartial.Authority) + path, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
    }

    private static IEnumerable<string> Parameters(string template) =>
        RouteParameter().Matches(template).Select(m => m.Groups["name"].Value);

    [GeneratedRegex(@"\{(?<name>[A-Za-z]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}

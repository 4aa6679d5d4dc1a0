using System.Net;
using System.Reflection;
using System.Net.Http.Json;
using System.Text;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Warnings.Submit;
using RiskAlerts.Functions;
using RiskAlerts.Functions.Hosting;
using RiskAlerts.Functions.Http;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Security;

/// <summary>
/// Every endpoint × every role (and no credentials): allowed exactly when the endpoint's declared
/// roles say so. Routes and declarations are read from the function classes, so a new endpoint
/// joins the matrix by existing. The allowed calls really run (a replay-all empties a dead-letter
/// queue), so the matrix runs apart from the tests that count what is in the queues.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class RoleMatrixTests(LocalStackFixture stack)
{
    private const string Anonymous = "(none)";
    private static readonly string OwnEnterprise = UnifiedSocialCreditCode.FromFirst17("91220101MA1234567").Value;

    private static IReadOnlyList<(FunctionHttpRoute Route, ApiOperationAttribute Operation)> Operations { get; } =
    [
        .. FunctionRouteDiscovery.Discover(typeof(FunctionsServiceCollectionExtensions).Assembly, "api")
            .Select(r => (r, r.Method.GetCustomAttribute<ApiOperationAttribute>()!)),
    ];

    public static TheoryData<string, string, string> Matrix()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (route, operation) in Operations.Where(o => o.Operation is { Anonymous: false, SharedSecretHeader: null, SignedLink: false }))
        {
            foreach (var method in route.HttpMethods)
            {
                foreach (var role in Role.All.Append(Anonymous))
                {
                    data.Add(route.FunctionName, method, role);
                }
            }
        }

        return data;
    }

    /// <summary>
    /// The organisation dimension: every endpoint about one warning × every role it admits that is
    /// bound to an organisation (operators and admins see every organisation's warnings).
    /// </summary>
    public static TheoryData<string, string, string> OrganisationMatrix()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (route, operation) in Operations.Where(o => o.Route.RouteTemplate.StartsWith("/api/warnings/{id}", StringComparison.Ordinal)))
        {
            foreach (var method in route.HttpMethods)
            {
                // Enterprises belong to no issuing organisation: what they may acknowledge is what was sent to them.
                foreach (var role in operation.Roles.Where(r => r is not (Role.Operator or Role.Admin or Role.Enterprise)))
                {
                    data.Add(route.FunctionName, method, role);
                }
            }
        }

        return data;
    }

    [Fact]
    public void EveryEndpointDeclaresItsRolesAndOnlyHealthAndTheConsoleShellAreAnonymous()
    {
        Assert.NotEmpty(Operations);
        Assert.All(Operations, o => Assert.True(o.Operation is not null, $"{o.Route.FunctionName} has no [ApiOperation]"));
        Assert.All(Operations.Where(o => o.Operation is { Anonymous: false, SharedSecretHeader: null, SignedLink: false }), o => Assert.NotEmpty(o.Operation.Roles));

        // The console's HTML shell and its script and stylesheet carry no data: every data call the
        // page makes sends the signed-in bearer token and is authorised by the endpoint it calls. The
        // catalogue is public reference data (region names, category names, the API's form limits).
        Assert.Equal(
            ["ConsoleAsset", "ConsoleCatalog", "ConsolePage", "Health"],
            Operations.Where(o => o.Operation.Anonymous).Select(o => o.Route.FunctionName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EvidenceIsForTheIssuingOrganisationsAnalystsAndApproversOperatorsAndAdminsOnly()
    {
        // A warning's evidence names every recipient: no enterprise, no platform reads it.
        var evidence = Assert.Single(Operations, o => o.Route.RouteTemplate == "/api/warnings/{id}/evidence");
        Assert.Equal([Role.Admin, Role.Analyst, Role.Approver, Role.Operator], evidence.Operation.Roles.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task EndpointAdmitsExactlyItsDeclaredRoles(string function, string method, string role)
    {
        var (route, operation) = Operations.Single(o => o.Route.FunctionName == function);
        using var client = role == Anonymous ? new HttpClient { BaseAddress = stack.BaseAddress } : stack.ClientFor(role, role == Role.Enterprise ? OwnEnterprise : null);
        using var request = new HttpRequestMessage(new HttpMethod(method), Path(route.RouteTemplate));
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        var expected = role == Anonymous ? HttpStatusCode.Unauthorized
            : operation.Roles.Contains(role) ? (HttpStatusCode?)null
            : HttpStatusCode.Forbidden;
        if (expected is null)
        {
            Assert.True(
                response.StatusCode is not HttpStatusCode.Unauthorized and not HttpStatusCode.Forbidden,
                $"{role} should pass {function} ({method} {route.RouteTemplate}) but got {(int)response.StatusCode}");
        }
        else
        {
            await ProblemAssertions.AssertProblemAsync(response, expected.Value);
        }
    }

    [Theory]
    [MemberData(nameof(OrganisationMatrix))]
    public async Task WarningOfAnotherOrganisationIsNotFoundAndUnchanged(string function, string method, string role)
    {
        var ct = TestContext.Current.CancellationToken;
        var (route, operation) = Operations.Single(o => o.Route.FunctionName == function);
        using var owner = stack.ClientFor(Role.Analyst, name: "matrix-owner", organisation: TestOrganisations.Nationwide);
        using var submitted = await owner.PostAsJsonAsync(
            "/api/warnings",
            new { category = "telecom-fraud", headline = "组织矩阵", description = "d", severity = "Moderate", regions = new[] { "220102" } },
            ct);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var id = System.Text.Json.JsonDocument.Parse(await submitted.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("id").GetString()!;

        // Changchun's centre covers the warning's region, so only the organisation tells them apart.
        using var stranger = stack.ClientFor(role, name: $"matrix-{role}", organisation: TestOrganisations.Changchun);
        using var request = new HttpRequestMessage(new HttpMethod(method), route.RouteTemplate.Replace("{id}", id, StringComparison.Ordinal));
        if (method is "POST" or "PUT")
        {
            // A body the endpoint would accept from its own organisation: an update's fields, else a reason.
            var body = operation.Request == typeof(SubmitWarningCommand) ? """{"headline":"组织矩阵"}""" : """{"reason":"组织矩阵"}""";
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await stranger.SendAsync(request, ct);

        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.NotFound);
        using var read = await owner.GetAsync($"/api/warnings/{id}", ct);
        Assert.Equal("Accepted", System.Text.Json.JsonDocument.Parse(await read.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("status").GetString());
    }

    private static string Path(string template) => template
        .Replace("{id}", Guid.CreateVersion7().ToString(), StringComparison.Ordinal)
        .Replace("{uscc}", OwnEnterprise, StringComparison.Ordinal)
        .Replace("{contactId}", "legal", StringComparison.Ordinal)
        .Replace("{entity}", "sms", StringComparison.Ordinal)
        .Replace("{sequenceNumber}", "1", StringComparison.Ordinal)
        .Replace("{channel}", "sms", StringComparison.Ordinal)
        .Replace("{provider}", "primary", StringComparison.Ordinal)
        .Replace("{asset}", "console.css", StringComparison.Ordinal);
}

using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using RiskAlerts.Functions;
using RiskAlerts.Functions.Hosting;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Hosting;

public sealed class FunctionRouteDiscoveryTests(LocalStackFixture stack)
{
    private static readonly Assembly FunctionsAssembly = typeof(FunctionsServiceCollectionExtensions).Assembly;

    [Fact]
    public void DiscoversEveryHttpTriggeredFunctionUnderTheHostJsonPrefix()
    {
        var declared = FunctionsAssembly.GetExportedTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null
                && m.GetParameters().Any(p => p.GetCustomAttribute<HttpTriggerAttribute>() is not null))
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()!.Name)
            .Order()
            .ToList();

        var routes = FunctionRouteDiscovery.Discover(FunctionsAssembly, FunctionRouteDiscovery.ReadRoutePrefix(Path.Combine(AppContext.BaseDirectory, "host.json")));

        Assert.NotEmpty(declared);
        Assert.Equal(declared, routes.Select(r => r.FunctionName).Order().ToList());
        Assert.All(routes, r => Assert.StartsWith("/api/", r.RouteTemplate, StringComparison.Ordinal));
        Assert.Contains(routes, r => r.FunctionName == "SubmitWarning" && r.RouteTemplate == "/api/warnings" && r.HttpMethods.SequenceEqual(["POST"]));
    }

    [Fact]
    public void TypedRouteValueIsRefusedAtStart()
    {
        var refusal = Assert.Throws<NotSupportedException>(() => FunctionRouteDiscovery.Discover([typeof(TypedRouteValueFunctions)], "api"));

        Assert.Contains("'sequenceNumber' is a Int64", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConstrainedRouteValueIsRefusedAtStart()
    {
        var refusal = Assert.Throws<NotSupportedException>(() => FunctionRouteDiscovery.Discover([typeof(ConstrainedRouteValueFunctions)], "api"));

        Assert.Contains("{sequenceNumber:long}", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RoutePrefixComesFromHostJson()
    {
        var hostJson = Path.Combine(Path.GetTempPath(), $"host-{Guid.NewGuid():N}.json");
        File.WriteAllText(hostJson, """{"version":"2.0","extensions":{"http":{"routePrefix":"v2"}}}""");
        try
        {
            Assert.Equal("v2", FunctionRouteDiscovery.ReadRoutePrefix(hostJson));
        }
        finally
        {
            File.Delete(hostJson);
        }
    }

    [Fact]
    public async Task HostServesTheHealthFunction()
    {
        var response = await stack.Http.GetAsync("/api/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"status\":\"ok\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RouteWithoutAFunctionIsNotFound()
    {
        var response = await stack.Http.GetAsync("/api/no-such-function", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>A function the worker would bind a long to, converting it before the caller is authenticated.</summary>
    public sealed class TypedRouteValueFunctions
    {
        [Function("Typed")]
        public static IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "typed/{sequenceNumber}")] HttpRequest request, long sequenceNumber) =>
            new OkResult();
    }

    /// <summary>A function whose route the Functions host would match only for digits, before the caller is authenticated.</summary>
    public sealed class ConstrainedRouteValueFunctions
    {
        [Function("Constrained")]
        public static IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "constrained/{sequenceNumber:long}")] HttpRequest request, string sequenceNumber) =>
            new OkResult();
    }
}

using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RiskAlerts.Core.Security;
using RiskAlerts.Functions;
using RiskAlerts.Functions.Security;
using RiskAlerts.Host.FunctionTimers;
using RiskAlerts.Host.Local;

namespace RiskAlerts.IntegrationTests.LocalRun;

/// <summary>
/// The package that is deployed to the Function App (dotnet publish of src/RiskAlerts.Functions, as
/// infra/README.md gives it) declares the same functions as the local host serves and runs, and as the
/// OpenAPI document describes.
/// </summary>
[Collection(LocalRunCollection.Name)]
public sealed class FunctionsPackageTests(LocalRunFixture localRun)
{
    /// <summary>Published once for the tests of this class.</summary>
    private static readonly Lazy<Task<IReadOnlyList<PublishedFunction>>> Package = new(() => PublishAsync(CancellationToken.None));

    [Fact]
    public async Task PublishedMetadataListsEveryHttpFunctionTheLocalHostServesAndTheOpenApiDocumentDescribes()
    {
        var ct = TestContext.Current.CancellationToken;
        var metadata = await Package.Value.WaitAsync(ct);

        var published = metadata.Where(f => f.Trigger == "httpTrigger").SelectMany(f => f.Methods.Select(m => $"{m} /api/{f.Route} ({f.Name})")).Order(StringComparer.Ordinal).ToList();
        var served = localRun.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IEndpointNameMetadata>() is not null && e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => $"{m.ToLowerInvariant()} {e.RoutePattern.RawText} ({e.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName})"))
            .Order(StringComparer.Ordinal).ToList();
        var described = await DescribedOperationsAsync(ct);

        Assert.NotEmpty(published);
        Assert.Equal(published, served);
        Assert.Equal(published.Select(WithoutName).Order(StringComparer.Ordinal), described);
    }

    [Fact]
    public async Task PublishedMetadataListsEveryTimerFunctionTheLocalHostRunsWithItsScheduleSetting()
    {
        var metadata = await Package.Value.WaitAsync(TestContext.Current.CancellationToken);

        var published = metadata.Where(f => f.Trigger == "timerTrigger").ToList();
        var local = TimerFunctionRunner.Discover(TimerFunctionRunner.FunctionsAssembly, localRun.Services.GetRequiredService<IConfiguration>());

        Assert.NotEmpty(published);
        Assert.Equal(local.Select(t => t.Name).Order(StringComparer.Ordinal), published.Select(f => f.Name).Order(StringComparer.Ordinal));
        // The schedule is an app setting (%Name%), which the deployment sets and the settings contract checks.
        Assert.All(published, f => Assert.Matches("^%[A-Za-z][A-Za-z0-9_]*%$", f.Schedule));
    }

    private static string WithoutName(string operation) => operation[..operation.LastIndexOf(" (", StringComparison.Ordinal)];

    private async Task<List<string>> DescribedOperationsAsync(CancellationToken cancellationToken)
    {
        var signing = new DevelopmentTokenOptions { SigningKey = DevelopmentSigningKey.LoadOrCreate() };
        using var client = new HttpClient { BaseAddress = localRun.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", DevelopmentTokens.Issue(signing, "package-test", [Role.Analyst], null, new AuthOptions().EnterpriseCodeClaim, TimeSpan.FromMinutes(5), organisation: "jilin-province-centre"));
        using var document = JsonDocument.Parse(await client.GetStringAsync("/api/openapi.json", cancellationToken));
        return [.. document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(o => HttpMethods.IsGet(o.Name) || HttpMethods.IsPost(o.Name) || HttpMethods.IsPut(o.Name) || HttpMethods.IsDelete(o.Name) || HttpMethods.IsPatch(o.Name))
                .Select(o => $"{o.Name} {path.Name}"))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// functions.metadata of <c>dotnet publish</c> (no build: the test run built the solution in this
    /// configuration) into a temporary folder, read as the Functions host reads it.
    /// </summary>
    private static async Task<IReadOnlyList<PublishedFunction>> PublishAsync(CancellationToken cancellationToken)
    {
        var output = Directory.CreateTempSubdirectory("riskalerts-functions-publish-").FullName;
        try
        {
            var configuration = typeof(FunctionsServiceCollectionExtensions).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
            var project = Path.Combine(RepositoryPaths.FindRoot(), "src", "RiskAlerts.Functions");
            var start = new ProcessStartInfo("dotnet", ["publish", project, "-c", configuration, "--no-build", "-o", output, "-nologo", "-v", "q", "-nodeReuse:false"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // The test runner's MSBuild variables would steer the child build.
            foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                start.Environment.Remove(name);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
            Assert.True(process.ExitCode == 0, $"dotnet publish exited {process.ExitCode}\n{await stdout}\n{await stderr}");

            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "functions.metadata"), cancellationToken));
            Assert.True(File.Exists(Path.Combine(output, "host.json")), "the package carries host.json");
            return [.. document.RootElement.EnumerateArray().Select(PublishedFunction.From)];
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private sealed record PublishedFunction(string Name, string? Trigger, string? Route, IReadOnlyList<string> Methods, string? Schedule)
    {
        public static PublishedFunction From(JsonElement function)
        {
            var trigger = function.GetProperty("bindings").EnumerateArray().First(b => b.GetProperty("direction").GetString() == "In" && b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
            return new PublishedFunction(
                function.GetProperty("name").GetString()!,
                trigger.GetProperty("type").GetString(),
                trigger.TryGetProperty("route", out var route) ? route.GetString() : null,
                trigger.TryGetProperty("methods", out var methods) ? [.. methods.EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant())] : [],
                trigger.TryGetProperty("schedule", out var schedule) ? schedule.GetString() : null);
        }
    }
}

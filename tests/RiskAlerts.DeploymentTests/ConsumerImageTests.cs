using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RiskAlerts.DeploymentTests;

/// <summary>
/// The consumer host's container image, as <c>dotnet publish -t:PublishContainer</c> of src/RiskAlerts.Consumers
/// builds it (infra/README.md): its settings are checked as the SDK computes them and its files as publish lays
/// them out, since no container registry is reachable here.
/// </summary>
public sealed partial class ConsumerImageTests
{
    private const string Project = "src/RiskAlerts.Consumers/RiskAlerts.Consumers.csproj";

    /// <summary>Assemblies of the local run and of the Function App, which the image must not carry.</summary>
    private static readonly string[] LocalOrFunctionsAssemblies =
    [
        "RiskAlerts.Host.dll", "RiskAlerts.LocalServiceBus.dll", "RiskAlerts.LocalChannels.dll", "RiskAlerts.Functions.dll",
        "Amqp.Net.dll", "SmtpServer.dll", "Microsoft.Azure.Functions.Worker.dll", "Cronos.dll",
    ];

    private static string Configuration =>
        typeof(ConsumerImageTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    [Fact]
    public async Task ImageIsTheConsumerHostOnAChiseledAspNetTenBaseInTheRepositoryTheContainerAppRuns()
    {
        var (exitCode, stdout, stderr) = await CommandLine.DotnetAsync(
            "msbuild", Project, $"-p:Configuration={Configuration}", "-t:ComputeContainerConfig",
            "-getProperty:ContainerRepository", "-getProperty:ContainerBaseImage", "-getProperty:ContainerRuntimeIdentifier",
            "-getProperty:ContainerWorkingDirectory", "-getItem:ContainerAppCommand");
        Assert.True(exitCode == 0, $"dotnet msbuild exited {exitCode}\n{stdout}\n{stderr}");
        using var config = JsonDocument.Parse(stdout);
        var properties = config.RootElement.GetProperty("Properties");
        var readme = File.ReadAllText(Path.Combine(RepositoryFiles.Infra, "README.md"));

        // What infra/README.md publishes and then points the Container App at.
        Assert.Contains("dotnet publish src/RiskAlerts.Consumers -c Release -t:PublishContainer", readme, StringComparison.Ordinal);
        Assert.Equal(DeployedRepository().Match(readme).Groups[1].Value, properties.GetProperty("ContainerRepository").GetString());
        Assert.Contains("  consumers:\n    project: ../src/RiskAlerts.Consumers\n", File.ReadAllText(Path.Combine(RepositoryFiles.Infra, "azure.yaml")), StringComparison.Ordinal);

        // ASP.NET Core 10 (the host maps a health probe), chiseled with ICU, for the Container Apps platform.
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled-extra", properties.GetProperty("ContainerBaseImage").GetString());
        Assert.Equal("linux-x64", properties.GetProperty("ContainerRuntimeIdentifier").GetString());
        var command = config.RootElement.GetProperty("Items").GetProperty("ContainerAppCommand").EnumerateArray().Select(i => i.GetProperty("Identity").GetString()).ToList();
        Assert.Equal(["dotnet", properties.GetProperty("ContainerWorkingDirectory").GetString() + "RiskAlerts.Consumers.dll"], command);
    }

    [Fact]
    public async Task ImageCarriesNeitherTheFunctionsAppNorAnyLocalStandIn()
    {
        var output = Directory.CreateTempSubdirectory("riskalerts-consumers-publish-").FullName;
        try
        {
            // The files PublishContainer layers onto the base image (no build: the test run built this configuration).
            var (exitCode, stdout, stderr) = await CommandLine.DotnetAsync("publish", Project, "-c", Configuration, "--no-build", "-o", output, "-v", "q");
            Assert.True(exitCode == 0, $"dotnet publish exited {exitCode}\n{stdout}\n{stderr}");
            var files = Directory.EnumerateFiles(output).Select(Path.GetFileName).ToHashSet(StringComparer.OrdinalIgnoreCase);

            Assert.Contains("RiskAlerts.Consumers.dll", files);
            Assert.Contains("RiskAlerts.Channels.dll", files);
            Assert.Equal([], LocalOrFunctionsAssemblies.Where(files.Contains));
            Assert.Equal(File.ReadAllText(RepositoryFiles.ConsumerHostSettingsFile), File.ReadAllText(Path.Combine(output, "appsettings.json")));
            Assert.False(files.Contains("appsettings.Local.json"), "the image carries the local run's settings");
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [GeneratedRegex(@"--image ""\$REGISTRY/([a-z0-9/._-]+):\$TAG""")]
    private static partial Regex DeployedRepository();
}

using System.Text.Json;
using RiskAlerts.DeploymentTests.Arm;

[assembly: AssemblyFixture(typeof(RiskAlerts.DeploymentTests.CompiledInfrastructure))]

namespace RiskAlerts.DeploymentTests;

/// <summary>
/// Builds and lints infra/ once for the whole test run (the CLI takes a few seconds per call):
/// main.bicep to ARM JSON in a temporary folder, each .bicepparam with the template it uses.
/// Nothing is written under infra/.
/// </summary>
public sealed class CompiledInfrastructure : IAsyncLifetime
{
    public static readonly string[] Environments = ["dev", "prod"];

    private readonly string _output = Directory.CreateTempSubdirectory("riskalerts-bicep-").FullName;
    private readonly Dictionary<string, BicepRun> _parameterBuilds = [];
    private readonly Dictionary<string, (Dictionary<string, object?> Template, Dictionary<string, object?> Parameters)> _deployments = [];

    internal BicepRun MainBuild { get; private set; } = null!;

    internal BicepRun Lint { get; private set; } = null!;

    internal string MainJsonPath => Path.Combine(_output, "main.json");

    internal BicepRun ParameterBuild(string environment) => _parameterBuilds[environment];

    /// <summary>Every resource of the template as deployed with infra/env/{environment}.bicepparam.</summary>
    internal IReadOnlyList<ArmResource> Resources(string environment) => Resources(environment, new Dictionary<string, object?>());

    /// <summary>
    /// Every resource of the template as deployed with infra/env/{environment}.bicepparam and
    /// <paramref name="overrides"/> (values an operator supplies, e.g. through RISKALERTS_* variables).
    /// </summary>
    internal IReadOnlyList<ArmResource> Resources(string environment, IReadOnlyDictionary<string, object?> overrides)
    {
        var (template, parameters) = _deployments[environment];
        var values = ArmValue.AsObject(parameters["parameters"]).ToDictionary(
            p => p.Key,
            p => ArmValue.Get(p.Value, "value"),
            StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in overrides)
        {
            values[name] = value;
        }

        return new ArmScope(template, values).Resources().ToList();
    }

    public async ValueTask InitializeAsync()
    {
        var infra = RepositoryFiles.Infra;
        var main = BicepCli.RunAsync(infra, "build", "main.bicep", "--outfile", MainJsonPath);
        var lint = BicepCli.RunAsync(RepositoryFiles.Root, "lint", "--pattern", "infra/**/*.bicep");
        var parameters = Environments.ToDictionary(e => e, e => BicepCli.RunAsync(infra, "build-params", Path.Combine("env", $"{e}.bicepparam"), "--stdout"));

        MainBuild = await main;
        Lint = await lint;
        foreach (var (environment, run) in parameters)
        {
            var result = await run;
            _parameterBuilds[environment] = result;
            if (result.ExitCode == 0)
            {
                using var output = JsonDocument.Parse(result.StandardOutput);
                _deployments[environment] = (
                    ArmValue.AsObject(ArmValue.FromJson(JsonDocument.Parse(output.RootElement.GetProperty("templateJson").GetString()!).RootElement)),
                    ArmValue.AsObject(ArmValue.FromJson(JsonDocument.Parse(output.RootElement.GetProperty("parametersJson").GetString()!).RootElement)));
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_output, recursive: true);
        return ValueTask.CompletedTask;
    }
}

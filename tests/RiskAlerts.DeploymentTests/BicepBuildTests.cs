namespace RiskAlerts.DeploymentTests;

public sealed class BicepBuildTests(CompiledInfrastructure infra)
{
    public static TheoryData<string> Environments => new(CompiledInfrastructure.Environments);

    [Fact]
    public void MainTemplateBuildsWithoutWarnings()
    {
        Assert.True(infra.MainBuild.ExitCode == 0, infra.MainBuild.Describe());
        Assert.Empty(infra.MainBuild.Diagnostics);
        Assert.True(File.Exists(infra.MainJsonPath));
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void ParameterFileBuildsWithoutWarnings(string environment)
    {
        var run = infra.ParameterBuild(environment);
        Assert.True(run.ExitCode == 0, run.Describe());
        Assert.Empty(run.Diagnostics);
    }

    [Fact]
    public void LinterFindsNothingInAnyBicepFile()
    {
        Assert.True(infra.Lint.ExitCode == 0, infra.Lint.Describe());
        Assert.Empty(infra.Lint.Diagnostics);
    }

    [Fact]
    public void CompiledTemplateIsNotKeptInTheRepository()
    {
        Assert.False(File.Exists(Path.Combine(RepositoryFiles.Infra, "main.json")));
        var generated = Directory.GetFiles(RepositoryFiles.Infra, "*.json", SearchOption.AllDirectories)
            .Select(Path.GetFileName)
            .Where(name => name is not ("bicepconfig.json" or "names.json" or "main.parameters.json"))
            .ToList();
        Assert.True(generated.Count == 0, "compiled templates under infra/: " + string.Join(", ", generated));
    }
}

using System.Xml.Linq;

namespace RiskAlerts.DeploymentTests;

/// <summary>
/// The layering as the project files declare it: the domain owns its ports and references no project, and
/// what is deployed carries no local stand-in.
/// </summary>
public sealed class ProjectReferenceTests
{
    /// <summary>Projects only the local run and the tests may carry.</summary>
    private static readonly string[] LocalOnly = ["RiskAlerts.LocalServiceBus", "RiskAlerts.LocalChannels", "RiskAlerts.Host"];

    [Fact]
    public void CoreReferencesNoProject() =>
        Assert.Empty(DirectReferences("RiskAlerts.Core"));

    [Fact]
    public void ChannelsImplementCorePortsAndCoreDoesNotReachTheChannels()
    {
        Assert.Contains("RiskAlerts.Core", DirectReferences("RiskAlerts.Channels"));
        Assert.DoesNotContain("RiskAlerts.Channels", References("RiskAlerts.Core"));
    }

    [Fact]
    public void ConsumerHostReferencesNeitherTheFunctionsAppNorAnyLocalStandIn()
    {
        var references = References("RiskAlerts.Consumers");

        Assert.Contains("RiskAlerts.Channels", references);
        Assert.Empty(references.Intersect([.. LocalOnly, "RiskAlerts.Functions"]));
    }

    [Fact]
    public void FunctionAppReferencesNoLocalStandIn() =>
        Assert.Empty(References("RiskAlerts.Functions").Intersect(LocalOnly));

    /// <summary>The projects <paramref name="project"/> references, directly or through another.</summary>
    private static HashSet<string> References(string project)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var next))
        {
            foreach (var reference in DirectReferences(next).Where(found.Add))
            {
                pending.Push(reference);
            }
        }

        return found;
    }

    private static IReadOnlyList<string> DirectReferences(string project)
    {
        var file = Path.Combine(RepositoryFiles.Root, "src", project, project + ".csproj");
        return [.. XDocument.Load(file).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))];
    }
}

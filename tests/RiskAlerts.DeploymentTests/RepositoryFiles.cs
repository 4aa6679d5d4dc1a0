using System.Text.Json;

namespace RiskAlerts.DeploymentTests;

/// <summary>Files of the repository the deployment is checked against.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Infra => Path.Combine(Root, "infra");

    /// <summary>A section of src/RiskAlerts.Host/appsettings.json as key/value pairs.</summary>
    public static IReadOnlyDictionary<string, string> HostSettingsSection(string section)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "src", "RiskAlerts.Host", "appsettings.json")));
        return document.RootElement.GetProperty(section).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RiskAlerts.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No RiskAlerts.sln above {AppContext.BaseDirectory}.");
    }
}

using System.Text.Json;

namespace RiskAlerts.DeploymentTests;

/// <summary>Files of the repository the deployment is checked against.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Infra => Path.Combine(Root, "infra");

    /// <summary>The settings file the consumer host's image carries (and the local host links).</summary>
    public static string ConsumerHostSettingsFile => Path.Combine(Root, "src", "RiskAlerts.Consumers", "appsettings.json");

    /// <summary>A section of the consumer host's appsettings.json as key/value pairs.</summary>
    public static IReadOnlyDictionary<string, string> HostSettingsSection(string section)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(ConsumerHostSettingsFile));
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

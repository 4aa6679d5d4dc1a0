namespace RiskAlerts.Host.Local;

/// <summary>Finds the checkout's root, where <c>node_modules</c> and the local data folder live.</summary>
public static class RepositoryPaths
{
    private const string SolutionFile = "RiskAlerts.sln";

    public static string FindRoot(string? startDirectory = null)
    {
        foreach (var start in new[] { startDirectory, AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var directory = start is null ? null : new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
                {
                    return directory.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException($"No {SolutionFile} above {AppContext.BaseDirectory}: run from a RiskAlerts checkout.");
    }
}

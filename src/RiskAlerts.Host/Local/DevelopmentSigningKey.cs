using RiskAlerts.Functions.Security;

namespace RiskAlerts.Host.Local;

/// <summary>
/// The local run's token signing key: made on first use and kept in the ignored <c>.local</c>
/// folder, so the key is never in the repository and tokens survive a restart.
/// </summary>
public static class DevelopmentSigningKey
{
    public const string SettingName = "Auth:DevelopmentTokens:SigningKey";

    public static string LoadOrCreate()
    {
        var path = Path.Combine(RepositoryPaths.FindRoot(), ".local", "development-signing-key");
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = DevelopmentTokens.NewSigningKey();
        File.WriteAllText(path, key);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return key;
    }
}

using RiskAlerts.Functions.Security;

namespace RiskAlerts.Host.Local;

/// <summary>
/// The local run's signing keys (development tokens; the links in messages): made on first use and
/// kept in the ignored <c>.local</c> folder, so a key is never in the repository and tokens and links
/// survive a restart.
/// </summary>
public static class DevelopmentSigningKey
{
    public const string SettingName = "Auth:DevelopmentTokens:SigningKey";

    /// <summary>The setting of the key that signs the links in messages.</summary>
    public const string LinkKeySettingName = "Links:SigningKey";

    /// <summary>The setting of the key that pseudonymises the addresses of delivery rows.</summary>
    public const string PseudonymKeySettingName = "Privacy:PseudonymKey";

    public static string LoadOrCreate(string fileName = "development-signing-key")
    {
        var path = Path.Combine(RepositoryPaths.FindRoot(), ".local", fileName);
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

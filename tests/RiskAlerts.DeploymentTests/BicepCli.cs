using System.Diagnostics;
using System.Reflection;

namespace RiskAlerts.DeploymentTests;

/// <summary>The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package this project downloads at restore.</summary>
internal static class BicepCli
{
    private const string PackageId = "azure.bicep.commandline.linux-x64";

    public static string ExecutablePath { get; } = Locate();

    public static async Task<BicepRun> RunAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(ExecutablePath) { WorkingDirectory = workingDirectory };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Environment variables read by the .bicepparam files must not leak in from the shell.
        foreach (var name in new[] { "RISKALERTS_ENV_NAME", "RISKALERTS_LOCATION", "RISKALERTS_AUTH_CLIENT_ID", "RISKALERTS_SMS_SIGN_NAME", "RISKALERTS_SMS_TEMPLATE_CODE", "RISKALERTS_SMS_APP_ID", "RISKALERTS_EMAIL_HOST", "RISKALERTS_EMAIL_FROM_ADDRESS", "RISKALERTS_EMAIL_USER_NAME", "RISKALERTS_SECRETS_READY" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var (exitCode, stdout, stderr) = await CommandLine.RunAsync(start, TimeSpan.FromSeconds(90));
        return new BicepRun(string.Join(' ', arguments), exitCode, stdout, stderr);
    }

    private static string Locate()
    {
        var metadata = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        var root = metadata.GetValueOrDefault("NuGetPackageRoot");
        var version = metadata.GetValueOrDefault("BicepPackageVersion");
        if (string.IsNullOrEmpty(root) || string.IsNullOrEmpty(version))
        {
            throw new InvalidOperationException("The test assembly carries no NuGetPackageRoot/BicepPackageVersion metadata; rebuild the project.");
        }

        var path = Path.Combine(root, PackageId, version, "tools", "bicep");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The Bicep CLI is not at {path}; run dotnet restore.", path);
        }

        // NuGet extracts package files without the execute bit on some systems.
        if (OperatingSystem.IsWindows())
        {
            return path;
        }

        var mode = File.GetUnixFileMode(path);
        var execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(path, mode | execute);
        }

        return path;
    }
}

/// <summary>One invocation of the Bicep CLI and what it printed.</summary>
internal sealed record BicepRun(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Lines of diagnostics (Bicep prints "file(line,col) : Warning|Error code: message").</summary>
    public IReadOnlyList<string> Diagnostics =>
        (StandardError + "\n" + StandardOutput)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.Contains(" : Warning ", StringComparison.Ordinal) || line.Contains(" : Error ", StringComparison.Ordinal) || line.Contains(" : Info ", StringComparison.Ordinal))
            .ToList();

    public string Describe() => $"bicep {Command} exited {ExitCode}\n{StandardError}";
}

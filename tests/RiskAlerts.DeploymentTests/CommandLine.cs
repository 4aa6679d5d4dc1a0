using System.Diagnostics;

namespace RiskAlerts.DeploymentTests;

/// <summary>Runs a command line tool to its end, within a time limit, and keeps what it printed.</summary>
internal static class CommandLine
{
    public static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish in {timeout.TotalSeconds:0} s.");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// The dotnet CLI on a project of this repository, in the configuration the tests were built in, without the
    /// test runner's MSBuild variables (they would steer the child build) and without build servers left behind.
    /// </summary>
    public static async Task<(int ExitCode, string StandardOutput, string StandardError)> DotnetAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [.. arguments, "-nologo", "-nodeReuse:false"]) { WorkingDirectory = RepositoryFiles.Root };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return await RunAsync(start, TimeSpan.FromMinutes(3));
    }
}

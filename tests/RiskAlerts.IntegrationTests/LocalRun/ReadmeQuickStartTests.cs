using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using RiskAlerts.Host.Local;

namespace RiskAlerts.IntegrationTests.LocalRun;

/// <summary>
/// The README's first session, taken from README.md itself and run by bash from the repository root,
/// as a new user pastes it after <c>npm start</c>: only the host's address differs.
/// </summary>
[Collection(LocalRunCollection.Name)]
public sealed partial class ReadmeQuickStartTests(LocalRunFixture localRun)
{
    private const string SessionHeading = "## Send a first warning";
    private const string ReadmeOrigin = "http://localhost:7071";
    private static readonly TimeSpan SessionTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task FirstSessionRegistersAnEnterpriseSubmitsAWarningAndShowsItDelivered()
    {
        var root = RepositoryPaths.FindRoot();
        var session = ReadSession(await File.ReadAllTextAsync(Path.Combine(root, "README.md"), TestContext.Current.CancellationToken));
        Assert.Contains(ReadmeOrigin, session, StringComparison.Ordinal);

        var (exitCode, output, error) = await RunInFreshShellAsync(root, session.Replace(ReadmeOrigin, localRun.BaseAddress.AbsoluteUri.TrimEnd('/'), StringComparison.Ordinal));

        var transcript = $"exit code {exitCode}\n--- standard output\n{output}\n--- standard error\n{error}";
        Assert.True(exitCode == 0, transcript);
        Assert.True(output.Contains("\"uscc\":\"91220102MA0000000E\"", StringComparison.Ordinal), "the enterprise is registered\n" + transcript);
        var deliveries = output.LastIndexOf("{\"warningId\":", StringComparison.Ordinal);
        Assert.True(deliveries >= 0, "the deliveries are shown\n" + transcript);
        using var shown = JsonDocument.Parse(output[deliveries..]);
        var warningId = shown.RootElement.GetProperty("warningId").GetString()!;
        Assert.Contains(warningId, output[..deliveries], StringComparison.Ordinal);
        var byChannel = shown.RootElement.GetProperty("summary").GetProperty("byChannel");
        Assert.Equal(1, byChannel.GetProperty("sms").GetProperty("Delivered").GetInt32());
        Assert.Equal(1, byChannel.GetProperty("email").GetProperty("Sent").GetInt32());
        Assert.Equal(2, shown.RootElement.GetProperty("summary").GetProperty("total").GetInt32());
    }

    /// <summary>The first <c>sh</c> block under the session's heading.</summary>
    private static string ReadSession(string readme)
    {
        var heading = readme.IndexOf("\n" + SessionHeading + "\n", StringComparison.Ordinal);
        Assert.True(heading >= 0, $"README.md has a heading '{SessionHeading}'");
        var block = FencedShell().Match(readme, heading);
        Assert.True(block.Success, $"README.md has a ```sh block under '{SessionHeading}'");
        return block.Groups["body"].Value;
    }

    /// <summary>
    /// Runs the lines with <c>bash -e</c> (the first failing command ends the run) in an environment
    /// like a new login shell's: none of the variables the test runner and MSBuild set.
    /// </summary>
    private static async Task<(int ExitCode, string Output, string Error)> RunInFreshShellAsync(string workingDirectory, string script)
    {
        var file = Path.Combine(Path.GetTempPath(), $"riskalerts-readme-{Guid.NewGuid():N}.sh");
        await File.WriteAllTextAsync(file, script, TestContext.Current.CancellationToken);
        try
        {
            var startInfo = new ProcessStartInfo("bash", ["-e", file])
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            startInfo.Environment.Clear();
            foreach (var name in new[] { "PATH", "HOME", "USER", "LANG", "LC_ALL", "TMPDIR", "DOTNET_ROOT", "NUGET_PACKAGES", "http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY" })
            {
                if (Environment.GetEnvironmentVariable(name) is { } value)
                {
                    startInfo.Environment[name] = value;
                }
            }

            using var process = Process.Start(startInfo)!;
            process.StandardInput.Close();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(SessionTimeout);
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
                return (process.ExitCode, await output, await error);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"The README session did not end within {SessionTimeout}.");
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [GeneratedRegex(@"^```sh\n(?<body>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedShell();
}

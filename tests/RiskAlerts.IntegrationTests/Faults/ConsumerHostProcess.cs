using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using RiskAlerts.Host.Local;
using RiskAlerts.TestLogs;

namespace RiskAlerts.IntegrationTests.Faults;

/// <summary>
/// The real RiskAlerts host as a separate process (<c>dotnet src/RiskAlerts.Host/bin/{Configuration}/net10.0/RiskAlerts.Host.dll</c>),
/// configured only through environment variables, so that a test can kill it (SIGKILL) as a platform
/// would and start it again against the same stand-ins. Its console log goes to a file under
/// <c>artifacts/test-logs</c>, where the log scan reads it.
/// </summary>
internal sealed class ConsumerHostProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logGate = new();
    private bool _logClosed;

    private ConsumerHostProcess(Process process, StreamWriter log, string logPath)
    {
        _process = process;
        _log = log;
        LogPath = logPath;
    }

    /// <summary>The host's process id.</summary>
    public int Id => _process.Id;

    /// <summary>Where its console output goes.</summary>
    public string LogPath { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The host's own build output, next to its appsettings.json and host.json.</summary>
    public static string HostDll
    {
        get
        {
            var configuration = typeof(ConsumerHostProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
            return Path.Combine(RepositoryPaths.FindRoot(), "src", "RiskAlerts.Host", "bin", configuration, "net10.0", "RiskAlerts.Host.dll");
        }
    }

    /// <summary>
    /// Starts the host with <paramref name="settings"/> (configuration keys such as <c>Tables:connectionString</c>,
    /// passed as <c>Tables__connectionString</c>) and waits until <paramref name="address"/> answers <c>/healthz</c>.
    /// </summary>
    public static async Task<ConsumerHostProcess> StartAsync(IReadOnlyDictionary<string, string> settings, Uri address, string logName, CancellationToken cancellationToken)
    {
        var dll = HostDll;
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("The host is not built: dotnet build RiskAlerts.sln -c Release.", dll);
        }

        var startInfo = new ProcessStartInfo("dotnet")
        {
            // The content root is the working directory: appsettings.json is read from the host's output folder.
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add(dll);
        foreach (var (key, value) in settings)
        {
            startInfo.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        Directory.CreateDirectory(TestLogFiles.Folder);
        var logPath = Path.Combine(TestLogFiles.Folder, string.Create(CultureInfo.InvariantCulture, $"fault-host-{logName}-{DateTime.UtcNow:yyyyMMdd'T'HHmmss}-{Guid.NewGuid().ToString("N")[..8]}.log"));
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var process = new Process { StartInfo = startInfo };
        var host = new ConsumerHostProcess(process, log, logPath);
        process.OutputDataReceived += (_, e) => host.Write(e.Data);
        process.ErrorDataReceived += (_, e) => host.Write(e.Data);
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await host.WaitUntilHealthyAsync(address, cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL: no drain, no claim released, no lock given back; the way a node dies.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            // Process.Kill() sends SIGKILL on Linux.
            _process.Kill();
        }

        await _process.WaitForExitAsync(CancellationToken.None);
        Write($"--- killed (SIGKILL) by the test at {DateTimeOffset.UtcNow:O}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (IsStarted() && !_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }
        finally
        {
            _process.Dispose();
            lock (_logGate)
            {
                _logClosed = true;
                _log.Dispose();
            }
        }
    }

    private bool IsStarted()
    {
        try
        {
            _ = _process.Id;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logGate)
        {
            if (!_logClosed)
            {
                _log.WriteLine(line);
            }
        }
    }

    private async Task WaitUntilHealthyAsync(Uri address, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with code {_process.ExitCode} before it was healthy; see {LogPath}.");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("healthz", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Busy starting.
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"The host was not healthy within {StartTimeout.TotalSeconds} s; see {LogPath}.");
    }
}

using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging.Abstractions;

namespace RiskAlerts.Host.Local;

/// <summary>
/// Azurite's Table service as a child process (the npm package pinned in package.json).
/// It does not always exit on SIGTERM, so disposal sends SIGINT and kills the process
/// tree after a grace period: a test run or a local run leaves no process behind.
/// </summary>
public sealed partial class AzuriteTableServer : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account; public, documented, not a secret.</summary>
    private const string DevelopmentAccountName = "devstoreaccount1";
    private const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly ILogger _logger;

    private AzuriteTableServer(Process process, int port, ILogger logger)
    {
        _process = process;
        Port = port;
        _logger = logger;
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={DevelopmentAccountName};AccountKey={DevelopmentAccountKey};TableEndpoint=http://127.0.0.1:{Port}/{DevelopmentAccountName};";

    /// <summary>Starts Azurite Table and waits until it accepts connections.</summary>
    /// <param name="dataDirectory">Where to persist data; null keeps everything in memory.</param>
    /// <param name="port">Port to listen on; 0 picks a free one.</param>
    /// <param name="logger">Receives Azurite's output.</param>
    /// <param name="cancellationToken">Stops waiting for Azurite to listen.</param>
    public static async Task<AzuriteTableServer> StartAsync(string? dataDirectory = null, int port = 0, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        logger ??= NullLogger.Instance;
        var root = RepositoryPaths.FindRoot();
        var script = Path.Combine(root, "node_modules", "azurite", "dist", "src", "table", "main.js");
        if (!File.Exists(script))
        {
            throw new FileNotFoundException("Azurite is not installed: run `npm install` in the repository root (npm start and npm test do it for you).", script);
        }

        port = port == 0 ? FreePort.Next() : port;
        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { script, "--tableHost", "127.0.0.1", "--tablePort", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--skipApiVersionCheck", "--disableProductStyleUrl", "--loose" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (dataDirectory is null)
        {
            startInfo.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(dataDirectory);
            startInfo.ArgumentList.Add("--location");
            startInfo.ArgumentList.Add(dataDirectory);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("node did not start.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { logger.LogDebug("azurite: {Line}", e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { logger.LogWarning("azurite: {Line}", e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new AzuriteTableServer(process, port, logger);
        try
        {
            await server.WaitUntilListeningAsync(cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        logger.LogInformation("Azurite Table listening on port {Port} (pid {ProcessId})", port, process.Id);
        return server;
    }

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode} before listening on port {Port}.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        throw new TimeoutException($"Azurite did not listen on port {Port} within {StartTimeout.TotalSeconds} s.");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                Interrupt(_process.Id);
                using var grace = new CancellationTokenSource(StopGracePeriod);
                try
                {
                    await _process.WaitForExitAsync(grace.Token);
                }
                catch (OperationCanceledException)
                {
                    _logger.LogWarning("Azurite (pid {ProcessId}) ignored SIGINT; killing it", _process.Id);
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync(CancellationToken.None);
                }
            }
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static void Interrupt(int processId)
    {
        const int SigInt = 2;
        if (OperatingSystem.IsWindows() || Kill(processId, SigInt) != 0)
        {
            Process.GetProcessById(processId).Kill(entireProcessTree: true);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}

using Microsoft.Extensions.Logging;
using RiskAlerts.Host.Local;
using Serilog;
using Serilog.Extensions.Logging;

namespace RiskAlerts.TestLogs;

/// <summary>
/// Writes the logs of a host a test starts to its own file under <c>artifacts/test-logs</c> at the
/// repository root, as rendered text (message with its values, the remaining structured state, the
/// exception), which is what a real log sink stores. The log scan run after the tests reads the folder
/// and fails the run on an unmasked phone number or email address.
/// </summary>
public static class TestLogFiles
{
    /// <summary>Overrides the folder (an absolute path); the scan must then be pointed at the same one.</summary>
    public const string FolderVariable = "RISKALERTS_TEST_LOG_DIR";

    // Properties:j writes the structured state the message template does not use (scopes, event ids).
    private const string Template = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} [{Level:u3}] {SourceContext}: {Message:lj} {Properties:j}{NewLine}{Exception}";

    /// <summary>The folder the files go to.</summary>
    public static string Folder =>
        Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } folder
            ? folder
            : Path.Combine(RepositoryPaths.FindRoot(), "artifacts", "test-logs");

    /// <summary>
    /// Adds a file of every log from Information up, the product's and the Azure SDK's included, named
    /// after <paramref name="hostName"/>; the file is closed when the host's logger factory is disposed.
    /// </summary>
    public static ILoggingBuilder AddTestLogFile(this ILoggingBuilder logging, string hostName)
    {
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentException.ThrowIfNullOrEmpty(hostName);
        var path = Path.Combine(Folder, $"{hostName}-{DateTime.UtcNow:yyyyMMdd'T'HHmmss}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}.log");
        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .WriteTo.File(path, outputTemplate: Template, formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .CreateLogger();

        // The host's settings keep the Azure SDK and ASP.NET Core at Warning; the scan must see what
        // they write at Information as well, so this file's rule overrides the category rules.
        logging.AddFilter<SerilogLoggerProvider>(category: null, LogLevel.Information);
        return logging.AddSerilog(logger, dispose: true);
    }
}

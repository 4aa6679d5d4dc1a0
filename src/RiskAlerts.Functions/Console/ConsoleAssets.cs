using System.Collections.Frozen;

namespace RiskAlerts.Functions.Console;

/// <summary>
/// The console's files, embedded in this assembly so that the Functions app and the local host
/// serve the same bytes with no file system to deploy. Only the files listed here are served.
/// </summary>
public static class ConsoleAssets
{
    private const string ResourcePrefix = "RiskAlerts.Functions.Console.";

    // The page is revalidated on every load so a deployment shows at once; the script and the
    // stylesheet may be reused for a few minutes, and are revalidated by ETag after that.
    private const string PageCaching = "no-cache";
    private const string AssetCaching = "public, max-age=300";

    private static readonly FrozenDictionary<string, ConsoleAsset> Assets = new[]
    {
        Load("console.js", "text/javascript; charset=utf-8", AssetCaching),
        Load("api.js", "text/javascript; charset=utf-8", AssetCaching),
        Load("strings.js", "text/javascript; charset=utf-8", AssetCaching),
        Load("ui.js", "text/javascript; charset=utf-8", AssetCaching),
        Load("operations.js", "text/javascript; charset=utf-8", AssetCaching),
        Load("enterprises.js", "text/javascript; charset=utf-8", AssetCaching),
        Load("audit.js", "text/javascript; charset=utf-8", AssetCaching),
        Load("state.js", "text/javascript; charset=utf-8", AssetCaching),
        Load("messages.js", "text/javascript; charset=utf-8", AssetCaching),
        Load("catalog.js", "text/javascript; charset=utf-8", AssetCaching),
        Load("chart.js", "text/javascript; charset=utf-8", AssetCaching),
        Load("console.css", "text/css; charset=utf-8", AssetCaching),
    }.ToFrozenDictionary(a => a.Name, StringComparer.Ordinal);

    /// <summary>The HTML shell.</summary>
    public static ConsoleAsset Page { get; } = Load("index.html", "text/html; charset=utf-8", PageCaching);

    /// <summary>A script or stylesheet by file name; null for any other name.</summary>
    public static ConsoleAsset? Find(string? name) => name is not null && Assets.TryGetValue(name, out var asset) ? asset : null;

    private static ConsoleAsset Load(string name, string contentType, string cacheControl)
    {
        using var stream = typeof(ConsoleAssets).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"The console file {name} is not embedded in {typeof(ConsoleAssets).Assembly.GetName().Name}.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return ConsoleAsset.FromContent(name, contentType, cacheControl, buffer.ToArray());
    }
}

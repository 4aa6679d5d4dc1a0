using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace RiskAlerts.Functions.Console;

/// <summary>One embedded console file and the headers it is served with.</summary>
public sealed record ConsoleAsset(string Name, string ContentType, string CacheControl, string ETag, byte[] Content)
{
    /// <summary>
    /// Scripts only from this origin and no inline script or style at all, so text from the
    /// server can never run even if it reached the page as markup; API calls only to this origin.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>Content made at run time, served like a file: its ETag is its hash.</summary>
    public static ConsoleAsset FromContent(string name, string contentType, string cacheControl, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var etag = $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content))[..16]}\"";
        return new ConsoleAsset(name, contentType, cacheControl, etag, content);
    }

    /// <summary>The file, or 304 when the caller already holds this version.</summary>
    public IActionResult ToResult(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var notModified = request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(tag => tag.Trim() == ETag));
        return new ConsoleAssetResult(this, notModified);
    }

    private sealed class ConsoleAssetResult(ConsoleAsset asset, bool notModified) : IActionResult
    {
        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.Headers.CacheControl = asset.CacheControl;
            response.Headers.ETag = asset.ETag;
            response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers["Referrer-Policy"] = "no-referrer";
            if (notModified)
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = asset.ContentType;
            response.ContentLength = asset.Content.Length;
            await response.Body.WriteAsync(asset.Content, context.HttpContext.RequestAborted);
        }
    }
}

using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Mvc;

namespace RiskAlerts.Functions.Http;

/// <summary>
/// A small zh-CN HTML page, for the links in messages that people open in a browser (acknowledge,
/// unsubscribe). No script at all, forms only back to this origin, never framed, never cached (it
/// shows one contact's state), and no referrer, so the link's token does not leave in a header.
/// </summary>
public sealed class HtmlPageResult(int statusCode, string title, string bodyHtml) : IActionResult
{
    /// <summary>No script; inline styles only; forms post only to this origin.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>The HTTP status.</summary>
    public int StatusCode => statusCode;

    /// <summary>Escapes a value for the page (text from warnings comes from outside).</summary>
    public static string Encode(string? value) => Encoder.Encode(value ?? string.Empty);

    /// <inheritdoc />
    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        var page = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta name=\"robots\" content=\"noindex\"><title>").Append(Encode(title)).Append("</title></head>")
            .Append("<body style=\"font-family:'PingFang SC','Microsoft YaHei',sans-serif;line-height:1.6;color:#222;max-width:40em;margin:2em auto;padding:0 1em\">")
            .Append(bodyHtml)
            .Append("</body></html>")
            .ToString();
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(page), context.HttpContext.RequestAborted);
    }
}

using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using Microsoft.AspNetCore.Mvc;

namespace RiskAlerts.Functions.Http;

/// <summary>
/// Writes a value as JSON through its source-generated type info. Function results are
/// all of this one kind, so they need no MVC formatters in either the Functions host or
/// the local host.
/// </summary>
public sealed class JsonResult<T>(T value, JsonTypeInfo<T> typeInfo, int statusCode, string contentType = "application/json") : IActionResult
{
    private static readonly JavaScriptEncoder ReadableEncoder = JavaScriptEncoder.Create(UnicodeRanges.All);

    public T Value => value;

    public int StatusCode => statusCode;

    /// <summary>Extra response headers such as Location or ETag.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = contentType + "; charset=utf-8";
        foreach (var (name, headerValue) in Headers)
        {
            response.Headers[name] = headerValue;
        }

        // Chinese text goes out as UTF-8, readable in any client; HTML-significant characters stay escaped.
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ReadableEncoder }))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        await response.Body.WriteAsync(buffer.WrittenMemory, context.HttpContext.RequestAborted);
    }
}

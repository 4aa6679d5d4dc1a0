using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Functions.Http;

/// <summary>
/// Reads a JSON request body strictly: JSON content type (415 otherwise), bounded size
/// (413 otherwise), known fields only, and a malformed body named by the path of its fault.
/// </summary>
public static class JsonRequestReader
{
    /// <summary>Default body limit; endpoints that take bulk input pass a larger one.</summary>
    public const int DefaultMaxBytes = 64 * 1024;

    public static async Task<T> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, int maxBytes = DefaultMaxBytes, CancellationToken cancellationToken = default)
        where T : class
    {
        var body = await ReadBytesAsync(request, maxBytes, cancellationToken);

        try
        {
            return JsonSerializer.Deserialize(body, typeInfo)
                ?? throw RequestValidationException.For("$", FieldErrorCode.MalformedJson, "a JSON object is required, not null");
        }
        catch (JsonException ex)
        {
            var (code, reason) = ReasonOf(ex);
            throw RequestValidationException.For(FieldOf(ex.Path), code, reason);
        }
    }

    /// <summary>
    /// The body's bytes, checked as <see cref="ReadAsync{T}"/> checks them (JSON content type, bounded
    /// size, not empty), for bodies whose shape is read by hand (providers' callbacks).
    /// </summary>
    public static async Task<byte[]> ReadBytesAsync(HttpRequest request, int maxBytes = DefaultMaxBytes, CancellationToken cancellationToken = default)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !(mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                 || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase)))
        {
            throw new ApiProblemException(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "The body must be JSON (Content-Type: application/json).");
        }

        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        var body = await ReadBoundedAsync(request.Body, maxBytes, cancellationToken);
        if (body.Length == 0)
        {
            throw RequestValidationException.For("$", FieldErrorCode.MalformedJson, "a JSON body is required");
        }

        return body;
    }

    internal static async Task<byte[]> ReadBoundedAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    internal static ApiProblemException TooLarge(int maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The body must be at most {maxBytes} bytes.");

    /// <summary>Turns a JSON path such as <c>$.contacts[1].mobile</c> into the field name the caller wrote.</summary>
    internal static string FieldOf(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "$" : jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath;

    private static (FieldErrorCode Code, string Reason) ReasonOf(JsonException exception)
    {
        var message = exception.Message;
        if (message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return (FieldErrorCode.UnknownField, "is not a known field");
        }

        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return (FieldErrorCode.WrongType, "has the wrong type");
        }

        return (FieldErrorCode.MalformedJson, "is not well-formed JSON");
    }
}

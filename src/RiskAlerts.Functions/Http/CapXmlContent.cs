using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using RiskAlerts.Core.Cap;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Functions.Http;

/// <summary>
/// CAP 1.2 XML at the HTTP edge: whether a request sends or asks for <c>application/cap+xml</c>,
/// reading its one alert (bounded like JSON bodies, then <see cref="CapAlertReader"/>), and answering one.
/// </summary>
public static class CapXmlContent
{
    /// <summary>True when the body is declared <c>application/cap+xml</c>.</summary>
    public static bool IsSent(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
        && mediaType.MediaType.Equals(CapXml.MediaType, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when <c>Accept</c> prefers <c>application/cap+xml</c> to JSON.</summary>
    public static bool IsWanted(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted))
        {
            return false;
        }

        double QualityOf(string type) =>
            accepted.Where(a => a.MediaType.Equals(type, StringComparison.OrdinalIgnoreCase)).Select(a => a.Quality ?? 1).DefaultIfEmpty(0).Max();

        var cap = QualityOf(CapXml.MediaType);
        return cap > 0 && cap >= QualityOf("application/json");
    }

    /// <summary>What the body's alert asks for: a warning, or an Update or Cancel of one.</summary>
    /// <exception cref="ApiProblemException">The body is over <paramref name="maxBytes"/> (413).</exception>
    /// <exception cref="RequestValidationException">The alert is empty, malformed, holds a DTD or breaks the schema, each named by its element.</exception>
    public static async Task<CapSubmission> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            throw JsonRequestReader.TooLarge(maxBytes);
        }

        var body = await JsonRequestReader.ReadBoundedAsync(request.Body, maxBytes, cancellationToken);
        if (body.Length == 0)
        {
            throw RequestValidationException.For("$", FieldErrorCode.Required, "a CAP 1.2 alert is required");
        }

        using var stream = new MemoryStream(body, writable: false);
        return CapAlertReader.Read(stream);
    }

    /// <summary>Runs a handler on a command read from an alert, naming each refused field by its element.</summary>
    public static async Task<T> NamingElementsAsync<T>(Func<Task<T>> handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        try
        {
            return await handle();
        }
        catch (RequestValidationException refusal)
        {
            throw CapAlertReader.NamingElements(refusal);
        }
    }
}

/// <summary>A CAP 1.2 alert document as the answer.</summary>
public sealed class CapXmlResult(string document) : IActionResult
{
    /// <summary>The document.</summary>
    public string Document => document;

    /// <inheritdoc />
    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = CapXml.MediaType + "; charset=utf-8";
        await response.WriteAsync(document, context.HttpContext.RequestAborted);
    }
}

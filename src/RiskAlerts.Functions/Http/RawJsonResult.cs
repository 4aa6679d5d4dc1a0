using System.Text;
using Microsoft.AspNetCore.Mvc;

namespace RiskAlerts.Functions.Http;

/// <summary>A fixed JSON body, for answers whose shape a provider prescribes (its callback's success body).</summary>
public sealed class RawJsonResult(string json, int statusCode = 200) : IActionResult
{
    /// <summary>The HTTP status.</summary>
    public int StatusCode => statusCode;

    /// <summary>Extra response headers such as Retry-After.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json; charset=utf-8";
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }

        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(json), context.HttpContext.RequestAborted);
    }
}

using System.Text.Json;
using Microsoft.AspNetCore.Http;
using RiskAlerts.Core.Deliveries.Callbacks;
using RiskAlerts.Core.Validation;
using RiskAlerts.Functions.Http;

namespace RiskAlerts.Functions.Receipts;

/// <summary>What the receipt and reply callbacks share: the refusal of an unauthenticated caller, and reading a provider's own body.</summary>
internal static class ProviderCallbackRequests
{
    /// <summary>The answer to a callback without the provider's secret.</summary>
    public static JsonResult<Problem> Unauthorized() =>
        ApiResults.Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "A valid receipt secret for this provider is required.");

    /// <summary>A callback from an address outside the provider's allowed sources.</summary>
    public static JsonResult<Problem> Forbidden() =>
        ApiResults.Problem(StatusCodes.Status403Forbidden, "Forbidden", "Callbacks for this provider are accepted only from its configured source addresses (Receipts:Providers:{provider}:AllowedSources).");

    /// <summary>Reads a provider's own callback body with <paramref name="parse"/>; a body that is not JSON is refused naming <c>$</c>.</summary>
    public static async Task<ParsedCallback<T>> ReadAsync<T>(HttpRequest request, int maxBytes, Func<byte[], ParsedCallback<T>> parse, CancellationToken cancellationToken)
    {
        var body = await JsonRequestReader.ReadBytesAsync(request, maxBytes, cancellationToken);
        try
        {
            return parse(body);
        }
        catch (JsonException)
        {
            throw RequestValidationException.For("$", "is not well-formed JSON");
        }
    }
}

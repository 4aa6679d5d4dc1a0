using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Net.Http.Headers;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Validation;
using RiskAlerts.Core.Warnings.Evidence;
using RiskAlerts.Functions.Http;
using RiskAlerts.Functions.Security;

namespace RiskAlerts.Functions.Evidence;

/// <summary>A warning's record of proof, for the issuing organisation, its approvers, operators and admins.</summary>
public sealed class EvidenceFunctions(RequestAuthenticator auth, GetWarningEvidenceHandler evidence)
{
    /// <summary>
    /// <c>GET /api/warnings/{id}/evidence</c>: JSON, or CSV with <c>Accept: text/csv</c>; both streamed,
    /// both carrying the SHA-256 of the canonical CSV form.
    /// </summary>
    [Function(nameof(GetWarningEvidence))]
    [ApiOperation(
        "A warning's evidence: the warning as submitted with its trail (who submitted and approved it, when), the rendered texts, and every recipient (masked) with status, times, provider, message id and receipt; JSON, or CSV (UTF-8 with BOM) with Accept: text/csv; streamed, with the SHA-256 of its CSV form",
        Roles = [Role.Analyst, Role.Approver, Role.Operator, Role.Admin],
        Response = typeof(WarningEvidenceResponse),
        AlsoCsv = true,
        Tag = "Warnings")]
    public Task<IActionResult> GetWarningEvidence(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "warnings/{id}/evidence")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        HttpEndpoint.RunAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(request);
            var principal = await auth.RequireAsync<EvidenceFunctions>(request);
            new QueryParameters(request.Query, new FieldErrors()).RejectUnknown().Errors.ThrowIfAny();

            // Another organisation's warning is answered as unknown, as everywhere else.
            return await evidence.HandleAsync(id, principal, cancellationToken) is { } found
                ? new EvidenceResult(found, WantsCsv(request))
                : ApiResults.NotFound($"No warning {id}.");
        });

    /// <summary>CSV when the caller accepts text/csv at least as much as JSON.</summary>
    private static bool WantsCsv(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted))
        {
            return false;
        }

        double Quality(string mediaType) => accepted.Where(a => a.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase)).Select(a => a.Quality ?? 1).DefaultIfEmpty(-1).Max();
        var csv = Quality("text/csv");
        return csv > 0 && csv >= Quality("application/json");
    }
}

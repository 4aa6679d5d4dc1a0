using Microsoft.AspNetCore.Mvc;
using RiskAlerts.Core.Warnings.Evidence;

namespace RiskAlerts.Functions.Evidence;

/// <summary>
/// Streams a warning's evidence as CSV or JSON straight to the response body: the rows are read from
/// Table Storage a page at a time while they are written, so the answer starts at once and memory stays
/// that of one page whatever the number of recipients.
/// </summary>
public sealed class EvidenceResult(WarningEvidence evidence, bool csv) : IActionResult
{
    /// <summary>The CSV media type, with the header row flagged (RFC 4180).</summary>
    public const string CsvContentType = "text/csv; charset=utf-8; header=present";

    /// <summary>Whether the body is CSV (else JSON).</summary>
    public bool IsCsv => csv;

    /// <inheritdoc />
    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        var cancellationToken = context.HttpContext.RequestAborted;
        response.StatusCode = 200;
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        if (csv)
        {
            response.ContentType = CsvContentType;
            response.Headers.ContentDisposition = $"attachment; filename=\"evidence-{evidence.WarningId}.csv\"";
            using var format = new EvidenceCsv(response.Body);
            await EvidenceWriter.WriteAsync(evidence, format, cancellationToken);
        }
        else
        {
            response.ContentType = "application/json; charset=utf-8";
            await using var format = new EvidenceJson(response.Body);
            await EvidenceWriter.WriteAsync(evidence, format, cancellationToken);
        }
    }
}

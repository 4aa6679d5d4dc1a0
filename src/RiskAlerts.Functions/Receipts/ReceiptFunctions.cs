using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using RiskAlerts.Core.Deliveries.Receipts;
using RiskAlerts.Functions.Http;

namespace RiskAlerts.Functions.Receipts;

/// <summary>
/// Delivery receipts from SMS providers. Providers are machines without our principals, so the
/// route is authenticated by the provider's shared secret (<c>X-Receipt-Secret</c>, compared in
/// constant time), not by a role.
/// </summary>
public sealed class ReceiptFunctions(ProviderCallbackSecrets secrets, RecordSmsReceiptsHandler record)
{
    /// <summary>The header carrying the provider's shared secret.</summary>
    public const string SecretHeader = "X-Receipt-Secret";

    /// <summary>
    /// <c>POST /api/receipts/sms/{provider}?ref=...</c> with <c>{receipts:[{messageId, phone, status, code, deliveredAt}]}</c>
    /// (the generic gateway's format). 200 when recorded (unknown receipts included); 503 when some
    /// rows have not had their send recorded yet, so the provider sends them again; 401 without the secret.
    /// </summary>
    [Function(nameof(PostSmsReceipts))]
    [ApiOperation(
        "SMS delivery receipts from a provider (authenticated by the provider's shared secret)",
        SharedSecretHeader = SecretHeader,
        Request = typeof(SmsReceiptBatchRequest),
        Response = typeof(SmsReceiptBatchResponse),
        Tag = "Receipts")]
    public Task<IActionResult> PostSmsReceipts(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "receipts/sms/{provider}")] HttpRequest request,
        string provider,
        CancellationToken cancellationToken) =>
        HttpEndpoint.RunAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(request);
            if (!secrets.IsAuthentic(provider, request.Headers[SecretHeader].ToString()))
            {
                return ApiResults.Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "A valid receipt secret for this provider is required.");
            }

            var body = await JsonRequestReader.ReadAsync(request, ReceiptJsonContext.Default.SmsReceiptBatchRequest, 1024 * 1024, cancellationToken);
            var receipts = (body.Receipts ?? [])
                .Where(r => !string.IsNullOrEmpty(r.MessageId) && !string.IsNullOrEmpty(r.Phone))
                .Select(r => new SmsReceipt(r.MessageId!, r.Phone!, string.Equals(r.Status, "delivered", StringComparison.OrdinalIgnoreCase), r.Code, r.DeliveredAt ?? DateTimeOffset.MinValue))
                .ToList();
            var outcome = await record.HandleAsync(provider, request.Query["ref"].ToString(), receipts, cancellationToken);
            var response = new SmsReceiptBatchResponse(outcome.Applied, outcome.Unchanged, outcome.Unmatched, outcome.Early);
            if (outcome.Early > 0)
            {
                var retry = new JsonResult<SmsReceiptBatchResponse>(response, ReceiptJsonContext.Default.SmsReceiptBatchResponse, StatusCodes.Status503ServiceUnavailable);
                retry.Headers["Retry-After"] = "1";
                return retry;
            }

            return ApiResults.Ok(response, ReceiptJsonContext.Default.SmsReceiptBatchResponse);
        });
}

/// <summary>A receipt callback's body.</summary>
/// <param name="Receipts">The receipts.</param>
public sealed record SmsReceiptBatchRequest(IReadOnlyList<SmsReceiptItem>? Receipts);

/// <summary>One receipt of the generic gateway format.</summary>
public sealed record SmsReceiptItem(string? MessageId, string? Phone, string? Status, string? Code, DateTimeOffset? DeliveredAt);

/// <summary>What became of the receipts.</summary>
public sealed record SmsReceiptBatchResponse(int Applied, int Unchanged, int Unmatched, int Early);

/// <summary>
/// Receipt bodies. Unlike our own API, unknown members are accepted: a provider may add fields to
/// its callbacks at any time, and refusing them would lose receipts.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SmsReceiptBatchRequest))]
[JsonSerializable(typeof(SmsReceiptBatchResponse))]
public sealed partial class ReceiptJsonContext : JsonSerializerContext;

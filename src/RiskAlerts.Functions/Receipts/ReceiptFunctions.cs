using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using RiskAlerts.Core.Deliveries.Callbacks;
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
    public const string SecretHeader = ProviderCallbackSecrets.SecretHeader;

    private const int MaxBodyBytes = 1024 * 1024;

    /// <summary>
    /// <c>POST /api/receipts/sms/{provider}?ref=...</c> with <c>{receipts:[{messageId, phone, status, code, deliveredAt}]}</c>
    /// (the generic gateway's format), or a provider's own (<see cref="ReceiptProviderOptions.Format"/>:
    /// Aliyun's <c>SmsReport</c> array, Tencent's status callback array, answered with the body each
    /// documents). 200 once recorded (unknown receipts included): the receipts of concurrent callbacks
    /// are written together, one transaction per partition and 100 rows, and each callback is answered
    /// after the write that held its receipts; 503 when some rows have not had their send recorded yet,
    /// so the provider sends them again; 500 when the write failed (the provider sends them again);
    /// 401 without the secret.
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
            if (secrets.Refusal(request, provider) is { } refused)
            {
                return refused;
            }

            if (secrets.FormatOf(provider) is var format and not CallbackFormat.Generic)
            {
                return await RecordProviderReceiptsAsync(request, provider, format, cancellationToken);
            }

            var body = await JsonRequestReader.ReadAsync(request, ReceiptJsonContext.Default.SmsReceiptBatchRequest, MaxBodyBytes, cancellationToken);
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

    /// <summary>
    /// A provider's own receipt push: its receipts are grouped by the reference each carries (Aliyun's
    /// <c>out_id</c>), and the groups are written with those of other callbacks to the same partitions.
    /// </summary>
    private async Task<IActionResult> RecordProviderReceiptsAsync(HttpRequest request, string provider, CallbackFormat format, CancellationToken cancellationToken)
    {
        var parsed = await ProviderCallbackRequests.ReadAsync(request, MaxBodyBytes, body => ProviderCallbacks.ParseReceipts(format, body), cancellationToken);

        // The references' rows are written together with other callbacks' receipts: wait for them all at once.
        var outcomes = await Task.WhenAll(parsed.Items.GroupBy(r => r.Reference, StringComparer.Ordinal)
            .Select(group => record.HandleAsync(provider, group.Key, [.. group.Select(r => r.Receipt)], cancellationToken)));
        var early = outcomes.Sum(o => o.Early);

        // The provider pushes again what it was not thanked for: rows whose send is not yet recorded.
        var answer = new RawJsonResult(ProviderCallbacks.SuccessBody(format), early > 0 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
        if (early > 0)
        {
            answer.Headers["Retry-After"] = "1";
        }

        return answer;
    }
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

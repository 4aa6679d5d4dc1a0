using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using RiskAlerts.Core.Deliveries.Callbacks;
using RiskAlerts.Core.Replies;
using RiskAlerts.Functions.Http;
using RiskAlerts.Functions.Receipts;

namespace RiskAlerts.Functions.Replies;

/// <summary>
/// Replies (upstream SMS) from SMS providers: acknowledgements (<c>1</c>, <c>收到</c>, <c>已阅</c>, a
/// reference) and opt-outs (<c>TD</c>, <c>T</c>, <c>退订</c>). Authenticated like receipts, by the
/// provider's shared secret in <c>X-Receipt-Secret</c>.
/// </summary>
public sealed class ReplyFunctions(ProviderCallbackSecrets secrets, RecordSmsRepliesHandler replies)
{
    private const int MaxBodyBytes = 256 * 1024;

    /// <summary>
    /// <c>POST /api/replies/sms/{provider}</c> with <c>{replies:[{phone, text, receivedAt}]}</c> (the generic
    /// gateway's format), or a provider's own (Aliyun's <c>SmsUp</c> array, Tencent's reply callback),
    /// answered with the body each documents. 200 with what was done; 401 without the secret.
    /// </summary>
    [Function(nameof(PostSmsReplies))]
    [ApiOperation(
        "SMS replies from a provider: acknowledgements and opt-outs (authenticated by the provider's shared secret)",
        SharedSecretHeader = ReceiptFunctions.SecretHeader,
        Request = typeof(SmsReplyBatchRequest),
        Response = typeof(SmsReplyBatchResponse),
        Tag = "Receipts")]
    public Task<IActionResult> PostSmsReplies(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "replies/sms/{provider}")] HttpRequest request,
        string provider,
        CancellationToken cancellationToken) =>
        HttpEndpoint.RunAsync(async () =>
        {
            ArgumentNullException.ThrowIfNull(request);
            if (secrets.Refusal(request, provider) is { } refused)
            {
                return refused;
            }

            var format = secrets.FormatOf(provider);
            if (format != CallbackFormat.Generic)
            {
                var parsed = await ProviderCallbackRequests.ReadAsync(request, MaxBodyBytes, body => ProviderCallbacks.ParseReplies(format, body), cancellationToken);

                await replies.HandleAsync(provider, parsed.Items, cancellationToken);
                return new RawJsonResult(ProviderCallbacks.SuccessBody(format));
            }

            var body = await JsonRequestReader.ReadAsync(request, ReplyJsonContext.Default.SmsReplyBatchRequest, MaxBodyBytes, cancellationToken);
            var items = (body.Replies ?? [])
                .Where(r => !string.IsNullOrEmpty(r.Phone) && r.Text is not null)
                .Select(r => new SmsReply(r.Phone!, r.Text!, r.ReceivedAt ?? DateTimeOffset.MinValue))
                .ToList();
            var outcome = await replies.HandleAsync(provider, items, cancellationToken);
            return ApiResults.Ok(
                new SmsReplyBatchResponse(outcome.Acknowledged, outcome.OptedOut, outcome.Unmatched, outcome.Ignored),
                ReplyJsonContext.Default.SmsReplyBatchResponse);
        });
}

/// <summary>A reply callback's body.</summary>
/// <param name="Replies">The replies.</param>
public sealed record SmsReplyBatchRequest(IReadOnlyList<SmsReplyItem>? Replies);

/// <summary>One reply of the generic gateway format.</summary>
public sealed record SmsReplyItem(string? Phone, string? Text, DateTimeOffset? ReceivedAt);

/// <summary>What became of the replies.</summary>
public sealed record SmsReplyBatchResponse(int Acknowledged, int OptedOut, int Unmatched, int Ignored);

/// <summary>Reply bodies; as with receipts, unknown members are accepted (providers add fields).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SmsReplyBatchRequest))]
[JsonSerializable(typeof(SmsReplyBatchResponse))]
public sealed partial class ReplyJsonContext : JsonSerializerContext;

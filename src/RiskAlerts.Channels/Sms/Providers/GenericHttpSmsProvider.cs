using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using RiskAlerts.Core.Deliveries.Sms;

namespace RiskAlerts.Channels.Sms.Providers;

/// <summary>
/// A gateway speaking the generic JSON batch protocol: <c>POST {base}/v1/sms/batch</c> with
/// <c>{signature, text, phones, callbackUrl, requestId}</c> and a bearer token, answered with one
/// result per number. The gateway keeps what it accepted per <c>requestId</c> and number, so a
/// repeated request sends nothing twice and gets the first answer again. The local stand-in speaks it too.
/// </summary>
public sealed class GenericHttpSmsProvider : HttpSmsProvider
{
    /// <summary>The most numbers the protocol takes in one request.</summary>
    public const int DefaultMaxRecipients = 100;

    /// <summary>Creates the provider.</summary>
    public GenericHttpSmsProvider(SmsProviderOptions options, IHttpClientFactory httpClientFactory, ILogger<GenericHttpSmsProvider> logger, TimeProvider? timeProvider = null)
        : base(options, httpClientFactory, logger, timeProvider)
    {
    }

    /// <inheritdoc />
    protected override int ProtocolLimit => DefaultMaxRecipients;

    /// <inheritdoc />
    public override bool IsIdempotent => true;

    /// <inheritdoc />
    protected override async Task<SmsBatchResult> SendRequestAsync(HttpClient httpClient, SmsBatch batch, CancellationToken cancellationToken)
    {
        var phones = batch.Recipients.Select(r => r.PhoneE164).Distinct(StringComparer.Ordinal).ToList();
        var body = new GatewayBatchRequest(SignatureFor(batch), batch.RenderedText, phones, CallbackFor(batch)?.AbsoluteUri, batch.RequestId);

        using var request = new HttpRequestMessage(HttpMethod.Post, Resolve("v1/sms/batch"))
        {
            Content = JsonContent.Create(body, GatewayJsonContext.Default.GatewayBatchRequest),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Options.KeySecret);

        using var response = await httpClient.SendAsync(request, cancellationToken);
        if (IsProviderFailure(response.StatusCode))
        {
            return SmsBatchResult.Unavailable(batch, Name, $"{Name} answered {(int)response.StatusCode}");
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return SmsBatchResult.AllSame(batch, Name, new SmsOutcome.TransientFailure($"{Name} throttled the request (429)"));
        }

        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellationToken);
            return SmsBatchResult.AllSame(batch, Name, new SmsOutcome.PermanentFailure($"http-{(int)response.StatusCode}", Truncate(detail)));
        }

        var answer = await response.Content.ReadFromJsonAsync(GatewayJsonContext.Default.GatewayBatchResponse, cancellationToken);
        var byPhone = new Dictionary<string, GatewayResult>(StringComparer.Ordinal);
        foreach (var result in answer?.Results ?? [])
        {
            if (result.Phone is not null)
            {
                byPhone.TryAdd(result.Phone, result);
            }
        }

        return new SmsBatchResult(batch.Recipients.Select(r => ResultFor(r, Map(byPhone.GetValueOrDefault(r.PhoneE164)))).ToList());
    }

    /// <summary>The callback URL with the batch's reference as query <c>ref</c>, so receipts name their batch.</summary>
    internal Uri? CallbackFor(SmsBatch batch)
    {
        if (Options.CallbackUrl is not { } callback || string.IsNullOrEmpty(batch.Reference))
        {
            return Options.CallbackUrl;
        }

        var builder = new UriBuilder(callback);
        var reference = "ref=" + Uri.EscapeDataString(batch.Reference);
        builder.Query = string.IsNullOrEmpty(builder.Query) || builder.Query == "?" ? reference : builder.Query.TrimStart('?') + "&" + reference;
        return builder.Uri;
    }

    private SmsOutcome Map(GatewayResult? result) => result switch
    {
        null => new SmsOutcome.TransientFailure($"{Name} returned no result for the number"),
        { Status: "accepted", MessageId: { Length: > 0 } id } => new SmsOutcome.Accepted(id),
        { Status: "rejected" } => new SmsOutcome.PermanentFailure(result.Code ?? "rejected", result.Reason ?? "rejected by the gateway"),
        _ => new SmsOutcome.TransientFailure($"{Name} returned status '{result.Status}'"),
    };

    private static string Truncate(string value) => value.Length <= 200 ? value : value[..200];
}

internal sealed record GatewayBatchRequest(
    [property: JsonPropertyName("signature")] string Signature,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("phones")] IReadOnlyList<string> Phones,
    [property: JsonPropertyName("callbackUrl")] string? CallbackUrl,
    [property: JsonPropertyName("requestId")] string? RequestId = null);

internal sealed record GatewayBatchResponse(
    [property: JsonPropertyName("results")] IReadOnlyList<GatewayResult>? Results);

internal sealed record GatewayResult(
    [property: JsonPropertyName("phone")] string? Phone,
    [property: JsonPropertyName("messageId")] string? MessageId,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("reason")] string? Reason);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GatewayBatchRequest))]
[JsonSerializable(typeof(GatewayBatchResponse))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;

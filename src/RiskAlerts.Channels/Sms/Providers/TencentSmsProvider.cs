using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using RiskAlerts.Core.Deliveries.Sms;

namespace RiskAlerts.Channels.Sms.Providers;

/// <summary>
/// Tencent Cloud SMS <c>SendSms</c> (API 2021-01-11): one template to up to 200 numbers per
/// request, signed with TC3-HMAC-SHA256, answered with a status per number.
/// </summary>
public sealed class TencentSmsProvider : HttpSmsProvider
{
    /// <summary>Numbers <c>SendSms</c> takes in one request, per Tencent's documentation.</summary>
    public const int SendSmsLimit = 200;

    private const string ContentType = "application/json; charset=utf-8";
    private const string Service = "sms";

    /// <summary>Creates the provider.</summary>
    public TencentSmsProvider(SmsProviderOptions options, IHttpClientFactory httpClientFactory, ILogger<TencentSmsProvider> logger, TimeProvider? timeProvider = null)
        : base(options, httpClientFactory, logger, timeProvider)
    {
    }

    /// <inheritdoc />
    protected override int ProtocolLimit => SendSmsLimit;

    /// <inheritdoc />
    protected override async Task<SmsBatchResult> SendRequestAsync(HttpClient httpClient, SmsBatch batch, CancellationToken cancellationToken)
    {
        var mapped = Options.TemplateFor(batch.TemplateCode);
        var body = new TencentSendSmsRequest(
            batch.Recipients.Select(r => r.PhoneE164).Distinct(StringComparer.Ordinal).ToList(),
            Options.AppId ?? string.Empty,
            SignatureFor(batch),
            mapped?.ProviderTemplateId ?? batch.TemplateCode,
            OrderedParameters(batch.TemplateParameters, mapped?.ParameterOrder),
            // Echoed in Tencent's status callbacks, which is how receipts find their batch.
            string.IsNullOrEmpty(batch.Reference) ? null : batch.Reference);
        var payload = JsonSerializer.Serialize(body, TencentJsonContext.Default.TencentSendSmsRequest);

        var uri = Resolve(string.Empty);
        var host = uri.IsDefaultPort ? uri.Host : uri.Authority;
        var timestamp = TimeProvider.GetUtcNow().ToUnixTimeSeconds();
        var signature = TencentTc3Signer.Sign(Options.KeyId ?? string.Empty, Options.KeySecret, Service, host, ContentType, payload, timestamp);

        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(payload, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        request.Headers.Add("X-TC-Action", "SendSms");
        request.Headers.Add("X-TC-Version", "2021-01-11");
        request.Headers.Add("X-TC-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-TC-Region", Options.Region ?? "ap-guangzhou");

        using var response = await httpClient.SendAsync(request, cancellationToken);
        if ((int)response.StatusCode >= 500)
        {
            return SmsBatchResult.Unavailable(batch, Name, $"{Name} answered {(int)response.StatusCode}");
        }

        var answer = (await response.Content.ReadFromJsonAsync(TencentJsonContext.Default.TencentEnvelope, cancellationToken))?.Response;
        if (answer?.Error is { } error)
        {
            return MapRequestError(batch, error.Code ?? "Unknown", error.Message ?? string.Empty);
        }

        var byPhone = new Dictionary<string, TencentSendStatus>(StringComparer.Ordinal);
        foreach (var status in answer?.SendStatusSet ?? [])
        {
            if (status.PhoneNumber is not null)
            {
                byPhone.TryAdd(status.PhoneNumber, status);
            }
        }

        return new SmsBatchResult(batch.Recipients.Select(r => ResultFor(r, MapStatus(byPhone.GetValueOrDefault(r.PhoneE164)))).ToList());
    }

    /// <summary>How a per-number <c>Code</c> is treated.</summary>
    internal static SmsOutcome MapStatusCode(string code, string message, string? serialNo) => code switch
    {
        "Ok" when !string.IsNullOrEmpty(serialNo) => new SmsOutcome.Accepted(serialNo),
        "Ok" => new SmsOutcome.TransientFailure("Ok without a SerialNo"),

        // The number's own frequency limits (30 s, one hour, a day, the same content a day): the person
        // has had what the provider allows; not sent again, and not through another provider.
        _ when code.StartsWith("LimitExceeded.PhoneNumber", StringComparison.Ordinal)
            && code != "LimitExceeded.PhoneNumberCountLimit" => new SmsOutcome.FrequencyLimited(code, message),

        // The account's limits: later is fine.
        _ when code.StartsWith("LimitExceeded.", StringComparison.Ordinal)
            || code.StartsWith("RequestLimitExceeded", StringComparison.Ordinal)
            || code.StartsWith("InternalError", StringComparison.Ordinal) => new SmsOutcome.TransientFailure($"{code} {message}".Trim()),

        // Invalid number, blacklisted or opted out, sensitive words, unapproved template or signature.
        _ when code.StartsWith("InvalidParameter", StringComparison.Ordinal)
            || code.StartsWith("FailedOperation.", StringComparison.Ordinal)
            || code.StartsWith("UnsupportedOperation", StringComparison.Ordinal)
            || code.StartsWith("MissingParameter", StringComparison.Ordinal) => new SmsOutcome.PermanentFailure(code, message),
        _ => new SmsOutcome.TransientFailure($"{code} {message}".Trim()),
    };

    private SmsOutcome MapStatus(TencentSendStatus? status) => status is null
        ? new SmsOutcome.TransientFailure($"{Name} returned no status for the number")
        : MapStatusCode(status.Code ?? string.Empty, status.Message ?? string.Empty, status.SerialNo);

    private SmsBatchResult MapRequestError(SmsBatch batch, string code, string message)
    {
        // Credentials, account or balance: the provider is unusable for now, another may not be.
        if (code.StartsWith("AuthFailure", StringComparison.Ordinal)
            || code.StartsWith("UnauthorizedOperation", StringComparison.Ordinal)
            || code is "FailedOperation.InsufficientBalanceInSmsPackage" or "InternalError" or "FailedOperation.UnknownError")
        {
            return SmsBatchResult.Unavailable(batch, Name, $"{Name}: {code} {message}");
        }

        return SmsBatchResult.AllSame(batch, Name, MapStatusCode(code, message, serialNo: null));
    }

    private static List<string> OrderedParameters(IReadOnlyDictionary<string, string> parameters, IList<string>? order) =>
        order is { Count: > 0 }
            ? order.Select(name => parameters.GetValueOrDefault(name, string.Empty)).ToList()
            : parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value).ToList();
}

internal sealed record TencentSendSmsRequest(
    [property: JsonPropertyName("PhoneNumberSet")] IReadOnlyList<string> PhoneNumberSet,
    [property: JsonPropertyName("SmsSdkAppId")] string SmsSdkAppId,
    [property: JsonPropertyName("SignName")] string SignName,
    [property: JsonPropertyName("TemplateId")] string TemplateId,
    [property: JsonPropertyName("TemplateParamSet")] IReadOnlyList<string> TemplateParamSet,
    [property: JsonPropertyName("SessionContext"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? SessionContext = null);

internal sealed record TencentEnvelope([property: JsonPropertyName("Response")] TencentResponse? Response);

internal sealed record TencentResponse(
    [property: JsonPropertyName("SendStatusSet")] IReadOnlyList<TencentSendStatus>? SendStatusSet,
    [property: JsonPropertyName("Error")] TencentError? Error,
    [property: JsonPropertyName("RequestId")] string? RequestId);

internal sealed record TencentSendStatus(
    [property: JsonPropertyName("SerialNo")] string? SerialNo,
    [property: JsonPropertyName("PhoneNumber")] string? PhoneNumber,
    [property: JsonPropertyName("Code")] string? Code,
    [property: JsonPropertyName("Message")] string? Message);

internal sealed record TencentError(
    [property: JsonPropertyName("Code")] string? Code,
    [property: JsonPropertyName("Message")] string? Message);

[JsonSerializable(typeof(TencentSendSmsRequest))]
[JsonSerializable(typeof(TencentEnvelope))]
internal sealed partial class TencentJsonContext : JsonSerializerContext;

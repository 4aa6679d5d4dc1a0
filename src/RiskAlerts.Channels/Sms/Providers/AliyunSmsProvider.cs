using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using RiskAlerts.Core.Deliveries.Sms;

namespace RiskAlerts.Channels.Sms.Providers;

/// <summary>
/// Aliyun SMS (Dysmsapi 2017-05-25) <c>SendSms</c>: one signature, one template and one set of
/// parameters to up to 1,000 comma-separated numbers, RPC-style signed (HMAC-SHA1).
/// </summary>
/// <remarks>
/// Aliyun answers once per request, not per number, so every recipient of a request shares the
/// outcome; the <c>BizId</c> is the provider message id (receipts are matched by BizId and number).
/// When a multi-number request is refused for an illegal number the numbers are re-sent one by
/// one, so that one bad number does not fail the rest.
/// </remarks>
public sealed class AliyunSmsProvider : HttpSmsProvider
{
    /// <summary>Numbers <c>SendSms</c> takes in one request, per Aliyun's documentation.</summary>
    public const int SendSmsLimit = 1000;

    private const string IllegalNumber = "isv.MOBILE_NUMBER_ILLEGAL";

    // Aliyun's per-number frequency control (by default one a minute, five an hour, ten a day to a number).
    private const string NumberFrequencyLimit = "isv.BUSINESS_LIMIT_CONTROL";

    /// <summary>Creates the provider.</summary>
    public AliyunSmsProvider(SmsProviderOptions options, IHttpClientFactory httpClientFactory, ILogger<AliyunSmsProvider> logger, TimeProvider? timeProvider = null)
        : base(options, httpClientFactory, logger, timeProvider)
    {
    }

    /// <inheritdoc />
    protected override int ProtocolLimit => SendSmsLimit;

    /// <inheritdoc />
    protected override async Task<SmsBatchResult> SendRequestAsync(HttpClient httpClient, SmsBatch batch, CancellationToken cancellationToken)
    {
        var parameters = BuildParameters(batch);
        parameters["Signature"] = AliyunRpcSigner.Sign("POST", parameters, Options.KeySecret);

        using var request = new HttpRequestMessage(HttpMethod.Post, Resolve(string.Empty)) { Content = new FormUrlEncodedContent(parameters) };
        using var response = await httpClient.SendAsync(request, cancellationToken);
        if ((int)response.StatusCode >= 500)
        {
            return SmsBatchResult.Unavailable(batch, Name, $"{Name} answered {(int)response.StatusCode}");
        }

        var answer = await response.Content.ReadFromJsonAsync(AliyunJsonContext.Default.AliyunSendSmsResponse, cancellationToken);
        var code = answer?.Code ?? $"http-{(int)response.StatusCode}";
        var message = answer?.Message ?? string.Empty;

        // One number refused for its own reason refuses the whole request: send one by one to find it.
        if (code is IllegalNumber or NumberFrequencyLimit && batch.Recipients.Count > 1)
        {
            return await SendOneByOneAsync(httpClient, batch, cancellationToken);
        }

        return Classify(code) switch
        {
            AliyunCodeClass.Ok when !string.IsNullOrEmpty(answer?.BizId) => SmsBatchResult.AllSame(batch, Name, new SmsOutcome.Accepted(answer.BizId)),
            AliyunCodeClass.Ok => SmsBatchResult.AllSame(batch, Name, new SmsOutcome.TransientFailure($"{Name} answered OK without a BizId")),
            AliyunCodeClass.ProviderFailure => SmsBatchResult.Unavailable(batch, Name, $"{Name}: {code} {message}"),
            AliyunCodeClass.FrequencyLimited => SmsBatchResult.AllSame(batch, Name, new SmsOutcome.FrequencyLimited(code, message)),
            AliyunCodeClass.Permanent => SmsBatchResult.AllSame(batch, Name, new SmsOutcome.PermanentFailure(code, message)),
            _ => SmsBatchResult.AllSame(batch, Name, new SmsOutcome.TransientFailure($"{code} {message}".Trim())),
        };
    }

    /// <summary>How an Aliyun response code is treated.</summary>
    internal static AliyunCodeClass Classify(string code) => code switch
    {
        "OK" => AliyunCodeClass.Ok,

        NumberFrequencyLimit => AliyunCodeClass.FrequencyLimited,

        // The account's daily or monthly quota: this provider is spent for now, another may not be.
        "isv.DAY_LIMIT_CONTROL" or "isv.MONTH_LIMIT_CONTROL" => AliyunCodeClass.ProviderFailure,
        _ when code.StartsWith("Throttling", StringComparison.Ordinal) => AliyunCodeClass.Transient,
        _ when code.StartsWith("isp.", StringComparison.Ordinal) => AliyunCodeClass.Transient,

        // The account, not the message, is the problem: another provider may well succeed.
        "SignatureDoesNotMatch" or "SignatureNonceUsed" or "InvalidTimeStamp.Expired" or "isv.AMOUNT_NOT_ENOUGH"
            or "isv.OUT_OF_SERVICE" or "isv.ACCOUNT_NOT_EXISTS" or "isv.ACCOUNT_ABNORMAL" or "isv.PRODUCT_UN_SUBSCRIPT"
            or "isv.PRODUCT_UNSUBSCRIBE" or "isv.RAM_PERMISSION_DENY" or "isv.DENY_IP_RANGE" => AliyunCodeClass.ProviderFailure,
        _ when code.StartsWith("InvalidAccessKeyId", StringComparison.Ordinal) || code.StartsWith("Forbidden", StringComparison.Ordinal) => AliyunCodeClass.ProviderFailure,

        // Number, content, template or signature refused: sending again changes nothing.
        _ when code.StartsWith("isv.", StringComparison.Ordinal) => AliyunCodeClass.Permanent,
        _ => AliyunCodeClass.Transient,
    };

    private SortedDictionary<string, string> BuildParameters(SmsBatch batch)
    {
        var template = Options.TemplateFor(batch.TemplateCode)?.ProviderTemplateId ?? batch.TemplateCode;
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["AccessKeyId"] = Options.KeyId ?? string.Empty,
            ["Action"] = "SendSms",
            ["Format"] = "JSON",
            ["RegionId"] = Options.Region ?? "cn-hangzhou",
            ["SignatureMethod"] = "HMAC-SHA1",
            ["SignatureNonce"] = Guid.NewGuid().ToString("N"),
            ["SignatureVersion"] = "1.0",
            ["Timestamp"] = TimeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["Version"] = "2017-05-25",
            ["PhoneNumbers"] = string.Join(',', batch.Recipients.Select(r => ToAliyunNumber(r.PhoneE164)).Distinct(StringComparer.Ordinal)),
            ["SignName"] = SignatureFor(batch),
            ["TemplateCode"] = template,
        };
        if (!string.IsNullOrEmpty(batch.Reference))
        {
            // Echoed in Aliyun's status reports (SmsReport), which is how receipts find their batch.
            parameters["OutId"] = batch.Reference;
        }

        if (batch.TemplateParameters.Count > 0)
        {
            parameters["TemplateParam"] = JsonSerializer.Serialize(
                new Dictionary<string, string>(batch.TemplateParameters, StringComparer.Ordinal), AliyunJsonContext.Default.DictionaryStringString);
        }

        return parameters;
    }

    private async Task<SmsBatchResult> SendOneByOneAsync(HttpClient httpClient, SmsBatch batch, CancellationToken cancellationToken)
    {
        var results = new List<SmsRecipientResult>(batch.Recipients.Count);
        foreach (var recipient in batch.Recipients)
        {
            var single = await SendRequestAsync(httpClient, batch.WithRecipients([recipient]), cancellationToken);
            results.AddRange(single.Recipients);
        }

        return new SmsBatchResult(results);
    }

    // Mainland numbers go without country code; others as country code and number without "+".
    private static string ToAliyunNumber(string e164) =>
        e164.StartsWith("+86", StringComparison.Ordinal) ? e164[3..] : e164.TrimStart('+');
}

internal enum AliyunCodeClass
{
    Ok,
    Transient,
    Permanent,
    ProviderFailure,
    FrequencyLimited,
}

internal sealed record AliyunSendSmsResponse(
    [property: JsonPropertyName("Code")] string? Code,
    [property: JsonPropertyName("Message")] string? Message,
    [property: JsonPropertyName("BizId")] string? BizId,
    [property: JsonPropertyName("RequestId")] string? RequestId);

[JsonSerializable(typeof(AliyunSendSmsResponse))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class AliyunJsonContext : JsonSerializerContext;

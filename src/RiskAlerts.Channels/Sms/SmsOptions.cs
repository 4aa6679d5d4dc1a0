using System.ComponentModel.DataAnnotations;

namespace RiskAlerts.Channels.Sms;

/// <summary>The <c>Sms</c> configuration section.</summary>
public sealed class SmsOptions : IValidatableObject
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Sms";

    /// <summary>Providers in failover order: the first one that is up gets the batch.</summary>
    [Required]
    [MinLength(1)]
    public IList<SmsProviderOptions> Providers { get; init; } = [];

    /// <summary>How many billable segments one warning SMS may take.</summary>
    [Range(1, 10)]
    public int MaxSegments { get; set; } = 3;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Data annotations do not descend into collections; a provider with a missing secret
        // must fail start-up as surely as a missing top-level setting.
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Providers.Count; i++)
        {
            var provider = Providers[i];
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(provider, new ValidationContext(provider), results, validateAllProperties: true);
            foreach (var result in results)
            {
                yield return new ValidationResult(
                    $"Sms:Providers:{i}: {result.ErrorMessage}",
                    result.MemberNames.Select(m => $"Providers[{i}].{m}").ToList());
            }

            if (!names.Add(provider.Name))
            {
                yield return new ValidationResult($"Sms:Providers:{i}: the name '{provider.Name}' is used twice.", [$"Providers[{i}].Name"]);
            }
        }
    }
}

/// <summary>The wire protocol a provider speaks.</summary>
public enum SmsProviderKind
{
    /// <summary>Aliyun Dysmsapi <c>SendSms</c> (RPC style, HMAC-SHA1 signature).</summary>
    Aliyun,

    /// <summary>Tencent Cloud SMS <c>SendSms</c> 2021-01-11 (TC3-HMAC-SHA256 signature).</summary>
    Tencent,

    /// <summary>A gateway speaking the generic JSON batch protocol (and the local stand-in).</summary>
    Generic,
}

/// <summary>One entry of <c>Sms:Providers</c>.</summary>
/// <remarks>
/// Secrets (<see cref="KeySecret"/>) belong in Key Vault or user secrets, never in appsettings;
/// they are never logged.
/// </remarks>
public sealed class SmsProviderOptions : IValidatableObject
{
    /// <summary>A unique name, carried in every recipient's result and in logs.</summary>
    [Required]
    public string Name { get; set; } = string.Empty;

    /// <summary>The wire protocol.</summary>
    [Required]
    public SmsProviderKind? Kind { get; set; }

    /// <summary>
    /// The base address: <c>https://dysmsapi.aliyuncs.com/</c>, <c>https://sms.tencentcloudapi.com/</c>,
    /// or the generic gateway's base (requests go to <c>{Endpoint}/v1/sms/batch</c>).
    /// </summary>
    [Required]
    public Uri? Endpoint { get; set; }

    /// <summary>Aliyun AccessKeyId, Tencent SecretId; unused by the generic gateway.</summary>
    public string? KeyId { get; set; }

    /// <summary>Aliyun AccessKeySecret, Tencent SecretKey, or the generic gateway's bearer token.</summary>
    [Required]
    public string KeySecret { get; set; } = string.Empty;

    /// <summary>Tencent SmsSdkAppId.</summary>
    public string? AppId { get; set; }

    /// <summary>Aliyun RegionId (default <c>cn-hangzhou</c>), Tencent X-TC-Region (default <c>ap-guangzhou</c>).</summary>
    public string? Region { get; set; }

    /// <summary>The signature registered with this provider; overrides the batch's when set.</summary>
    public string? Signature { get; set; }

    /// <summary>This provider's opt-out wording, when it differs from <c>回复TD退订</c>.</summary>
    public string? OptOutWording { get; set; }

    /// <summary>Where the generic gateway posts delivery receipts.</summary>
    public Uri? CallbackUrl { get; set; }

    /// <summary>Lowers the provider's own per-request limit of numbers.</summary>
    [Range(1, 1000)]
    public int? MaxRecipientsPerRequest { get; set; }

    /// <summary>Our template codes mapped to this provider's approved templates.</summary>
    public IDictionary<string, SmsProviderTemplateOptions> Templates { get; init; } =
        new Dictionary<string, SmsProviderTemplateOptions>(StringComparer.Ordinal);

    /// <summary>
    /// The approved template for any template code <see cref="Templates"/> does not map. With one template
    /// for warnings this is all a template-based provider needs, and it can be set where a setting name
    /// may not hold a template code (app settings and environment variables take no hyphen):
    /// <c>Sms__Providers__0__DefaultTemplate__ProviderTemplateId</c>.
    /// </summary>
    public SmsProviderTemplateOptions? DefaultTemplate { get; set; }

    /// <summary>Timeout and circuit breaker around every request to this provider.</summary>
    public SmsResilienceOptions Resilience { get; set; } = new();

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Kind is SmsProviderKind.Aliyun or SmsProviderKind.Tencent && string.IsNullOrWhiteSpace(KeyId))
        {
            yield return new ValidationResult($"Provider '{Name}': KeyId is required for {Kind}.", [nameof(KeyId)]);
        }

        if (Kind is SmsProviderKind.Tencent && string.IsNullOrWhiteSpace(AppId))
        {
            yield return new ValidationResult($"Provider '{Name}': AppId (SmsSdkAppId) is required for Tencent.", [nameof(AppId)]);
        }

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(Resilience, new ValidationContext(Resilience), results, validateAllProperties: true);
        if (DefaultTemplate is not null)
        {
            Validator.TryValidateObject(DefaultTemplate, new ValidationContext(DefaultTemplate), results, validateAllProperties: true);
        }

        foreach (var result in results)
        {
            yield return result;
        }
    }

    /// <summary>The provider's template for one of our template codes: its mapping, else <see cref="DefaultTemplate"/>.</summary>
    public SmsProviderTemplateOptions? TemplateFor(string templateCode) =>
        Templates.TryGetValue(templateCode, out var mapped) ? mapped : DefaultTemplate;
}

/// <summary>How one of our template codes maps to a provider's approved template.</summary>
public sealed class SmsProviderTemplateOptions
{
    /// <summary>The provider's template code (Aliyun <c>SMS_123456789</c>) or id (Tencent <c>1110</c>).</summary>
    [Required]
    public string ProviderTemplateId { get; set; } = string.Empty;

    /// <summary>
    /// Parameter names in the order of a positional template (Tencent's <c>{1}</c>, <c>{2}</c>);
    /// when empty, names are taken in ordinal order.
    /// </summary>
    public IList<string> ParameterOrder { get; init; } = [];
}

/// <summary>Timeout and circuit breaker settings for one provider.</summary>
public sealed class SmsResilienceOptions
{
    /// <summary>Longest a single provider request may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Share of failed requests in the sampling window that opens the circuit.</summary>
    [Range(0.01, 1.0)]
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Requests in the window before the ratio counts.</summary>
    [Range(2, 10_000)]
    public int MinimumThroughput { get; set; } = 5;

    /// <summary>The window failures are counted in.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the provider is skipped once the circuit opens.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}

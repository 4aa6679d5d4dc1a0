namespace RiskAlerts.Core.Deliveries.Sms;

/// <summary>One recipient of an SMS batch.</summary>
/// <param name="RecipientId">The caller's id for the recipient (a delivery or contact id), echoed in the result.</param>
/// <param name="PhoneE164">The number in E.164, for example <c>+8613800138000</c>.</param>
public sealed record SmsRecipient(string RecipientId, string PhoneE164);

/// <summary>The same message to many recipients.</summary>
/// <param name="Signature">The registered signature (签名), without brackets.</param>
/// <param name="TemplateCode">The product's template code; template-based providers map it to their approved template.</param>
/// <param name="TemplateParameters">Values for the template's variables.</param>
/// <param name="RenderedText">The full text, for providers that send free text (the generic gateway).</param>
/// <param name="Recipients">Who receives it.</param>
/// <param name="Reference">
/// The caller's correlation reference for the batch, passed through to the provider so that its
/// delivery receipts can be matched to the batch: the generic gateway's callback URL query
/// <c>ref</c>, Aliyun <c>OutId</c>, Tencent <c>SessionContext</c>. Null when not needed.
/// </param>
/// <param name="RequestId">
/// The idempotency reference of the request: the same for every repetition of the same send (a
/// retry after a lost answer, a sender that took over after a crash), so that a provider that
/// deduplicates sends each number once and answers a
/// repetition with the first answer. Null when the caller has none.
/// </param>
public sealed record SmsBatch(
    string Signature,
    string TemplateCode,
    IReadOnlyDictionary<string, string> TemplateParameters,
    string RenderedText,
    IReadOnlyList<SmsRecipient> Recipients,
    string? Reference = null,
    string? RequestId = null)
{
    /// <summary>The same message to a subset of the recipients.</summary>
    public SmsBatch WithRecipients(IReadOnlyList<SmsRecipient> recipients) => this with { Recipients = recipients };
}

/// <summary>What happened to one recipient's message.</summary>
public abstract record SmsOutcome
{
    private SmsOutcome()
    {
    }

    /// <summary>The provider took the message; delivery is confirmed later by a receipt.</summary>
    /// <param name="ProviderMessageId">The provider's id for the message (matches receipts).</param>
    public sealed record Accepted(string ProviderMessageId) : SmsOutcome;

    /// <summary>Worth retrying later: timeouts, server errors, throttling, a provider that is down.</summary>
    /// <param name="Reason">Why, for operators.</param>
    public sealed record TransientFailure(string Reason) : SmsOutcome;

    /// <summary>
    /// No provider was asked: every one was paused or had its circuit open. Not an attempt; the
    /// caller waits and asks again.
    /// </summary>
    /// <param name="Reason">Why, for operators.</param>
    public sealed record NotAttempted(string Reason) : SmsOutcome;

    /// <summary>
    /// The provider refused the number because it reached the provider's own per-number frequency
    /// limit. Not retried and not passed to another provider: the person has had as many messages as
    /// the provider allows, which is what the daily cap protects; recorded as suppressed by the cap.
    /// </summary>
    /// <param name="Code">The provider's code.</param>
    /// <param name="Reason">Why, for operators.</param>
    public sealed record FrequencyLimited(string Code, string Reason) : SmsOutcome;

    /// <summary>Retrying will not help: invalid number, rejected content, number opted out or blacklisted.</summary>
    /// <param name="Code">The provider's code.</param>
    /// <param name="Reason">Why, for operators.</param>
    public sealed record PermanentFailure(string Code, string Reason) : SmsOutcome;
}

/// <summary>One recipient's outcome and the provider that produced it.</summary>
/// <param name="RecipientId">The caller's id for the recipient.</param>
/// <param name="PhoneE164">The number.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="Provider">The name of the provider that gave the outcome (the last one tried when all failed).</param>
public sealed record SmsRecipientResult(string RecipientId, string PhoneE164, SmsOutcome Outcome, string Provider);

/// <summary>The outcome of sending a batch: one result per recipient, in the batch's order.</summary>
/// <param name="Recipients">One result per recipient.</param>
/// <param name="RequestFailure">
/// Set when the provider could not be reached or failed the request as a whole (connection refused,
/// timeout, 5xx, rejected credentials); every recipient is then a transient failure, and the
/// failover sender tries the next provider.
/// </param>
public sealed record SmsBatchResult(IReadOnlyList<SmsRecipientResult> Recipients, string? RequestFailure = null)
{
    /// <summary>
    /// The request may have been carried out though no answer came back (timed out, connection cut
    /// after it was sent): a provider that deduplicates is asked again before another is tried.
    /// </summary>
    public bool Unanswered { get; init; }

    /// <summary>Every recipient failed transiently because the provider failed the request as a whole.</summary>
    public static SmsBatchResult Unavailable(SmsBatch batch, string provider, string reason)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return new SmsBatchResult(
            batch.Recipients.Select(r => new SmsRecipientResult(r.RecipientId, r.PhoneE164, new SmsOutcome.TransientFailure(reason), provider)).ToList(),
            reason);
    }

    /// <summary>Every recipient has the same outcome (the provider answered once for the whole request).</summary>
    public static SmsBatchResult AllSame(SmsBatch batch, string provider, SmsOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return new SmsBatchResult(
            batch.Recipients.Select(r => new SmsRecipientResult(r.RecipientId, r.PhoneE164, outcome, provider)).ToList());
    }
}

/// <summary>Sends SMS batches through whatever providers are configured.</summary>
public interface ISmsSender
{
    /// <summary>Whether every provider the sender may use answers a repeated <see cref="SmsBatch.RequestId"/> without sending twice.</summary>
    bool IsIdempotent { get; }

    /// <summary>Sends the batch; every recipient gets exactly one result.</summary>
    Task<SmsBatchResult> SendAsync(SmsBatch batch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether the receipts of the provider named <paramref name="provider"/> carry the batch's
    /// <see cref="SmsBatch.Reference"/>; when not (Tencent's status callback), the sender indexes
    /// each accepted message by its id so that its receipt still finds the row.
    /// </summary>
    bool ReceiptsCarryReference(string provider) => true;
}

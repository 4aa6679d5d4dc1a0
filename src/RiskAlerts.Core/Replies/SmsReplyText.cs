using System.Text;
using RiskAlerts.Core.Deliveries.Links;

namespace RiskAlerts.Core.Replies;

/// <summary>What a contact's SMS reply asks for.</summary>
public enum ReplyIntent
{
    /// <summary>Nothing we act on: the text is kept out of the logs and nothing changes.</summary>
    None,

    /// <summary><c>1</c>, <c>收到</c> or <c>已阅</c>: the contact read the message the reply answers.</summary>
    Acknowledge,

    /// <summary>An acknowledgement reference: the contact read the warning it names.</summary>
    Reference,

    /// <summary><c>TD</c>, <c>T</c> or <c>退订</c> (as the opt-out wording asks): stop SMS from this enterprise's subscription.</summary>
    OptOut,
}

/// <summary>A reply as understood: its intent, and the reference when it is one.</summary>
/// <param name="Intent">What it asks for.</param>
/// <param name="Reference">The reference in canonical form, for <see cref="ReplyIntent.Reference"/>.</param>
public readonly record struct ReplyMeaning(ReplyIntent Intent, string? Reference = null);

/// <summary>
/// Reads SMS replies. Phones add what people type around a keyword, so the text is compared after
/// width folding (full-width <c>ＴＤ</c> and <c>１</c> are TD and 1), case folding and trimming of
/// spaces and closing punctuation (<c>收到。</c>, <c>td!</c>).
/// </summary>
public static class SmsReplyText
{
    private static readonly HashSet<string> Acknowledgements = new(StringComparer.Ordinal) { "1", "收到", "已阅" };
    private static readonly HashSet<string> OptOuts = new(StringComparer.Ordinal) { "TD", "T", "退订" };

    /// <summary>What <paramref name="text"/> asks for.</summary>
    public static ReplyMeaning Classify(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new ReplyMeaning(ReplyIntent.None);
        }

        var folded = text.Normalize(NormalizationForm.FormKC).Trim().TrimEnd('。', '.', '!', '！', '~', '～', ' ').ToUpperInvariant();
        if (OptOuts.Contains(folded))
        {
            return new ReplyMeaning(ReplyIntent.OptOut);
        }

        if (Acknowledgements.Contains(folded))
        {
            return new ReplyMeaning(ReplyIntent.Acknowledge);
        }

        return DeliveryLinks.NormalizeReference(folded) is { } reference
            ? new ReplyMeaning(ReplyIntent.Reference, reference)
            : new ReplyMeaning(ReplyIntent.None);
    }
}

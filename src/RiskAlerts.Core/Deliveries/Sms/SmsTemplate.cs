using System.ComponentModel.DataAnnotations;
using System.Text;
using RiskAlerts.Core.Warnings;

namespace RiskAlerts.Core.Deliveries.Sms;

/// <summary>
/// Renders a warning as SMS text: <c>【{signature}】{lead}{body}{optOut}</c>, where the lead says who
/// the warning is from (kept whole) and the body is the headline and the instruction, shortened so
/// that the whole text fits the segment budget.
/// </summary>
/// <remarks>
/// Chinese regulation requires the registered signature at the start and the opt-out wording at
/// the end; both are always kept whole. When the text is too long the instruction is shortened
/// first (the headline says what the danger is, which matters more than the advice), then the
/// headline; a shortened part ends with <c>…</c>.
/// </remarks>
public sealed class SmsTemplate
{
    /// <summary>The opt-out wording the Chinese providers accept when none is configured.</summary>
    public const string DefaultOptOutWording = "回复TD退订";

    private const string Ellipsis = "…";
    private const string Separator = "：";

    /// <summary>Creates a template.</summary>
    /// <param name="signature">The registered signature (签名), without the brackets.</param>
    /// <param name="optOutWording">The provider's opt-out wording; <see cref="DefaultOptOutWording"/> when null.</param>
    /// <param name="maxSegments">How many billable segments one message may take (at least 1).</param>
    public SmsTemplate(string signature, string? optOutWording = null, int maxSegments = 3)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(signature);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSegments, 1);
        Signature = signature.Trim();
        OptOutWording = optOutWording ?? DefaultOptOutWording;
        MaxSegments = maxSegments;
    }

    /// <summary>Creates a template from options.</summary>
    public SmsTemplate(SmsTemplateOptions options)
        : this(options?.Signature!, options?.OptOutWording, options?.MaxSegments ?? 3)
    {
    }

    /// <summary>The registered signature, without brackets.</summary>
    public string Signature { get; }

    /// <summary>The opt-out wording appended to every text.</summary>
    public string OptOutWording { get; }

    /// <summary>The segment budget of one message.</summary>
    public int MaxSegments { get; }

    /// <summary>
    /// Renders a warning as it is sent: the issuing organisation opens the text, because the
    /// registered signature is the product's, so the recipient learns from the lead which centre warns them.
    /// </summary>
    /// <param name="warning">The warning.</param>
    /// <param name="prefix">Put first and never shortened: an exercise's prefix, or empty.</param>
    /// <param name="followUpLead">For a recipient of an earlier version, what says this corrects or calls it off, in place of the organisation; null otherwise.</param>
    public SmsContent Render(Warning warning, string prefix = "", string? followUpLead = null)
    {
        ArgumentNullException.ThrowIfNull(warning);
        var issuer = string.IsNullOrEmpty(warning.OrganisationName) ? null : warning.OrganisationName + Separator;
        var lead = prefix + (followUpLead ?? issuer);
        // A Cancel's text is its reason: the lead already names what is called off.
        return warning.MessageType == WarningMessageType.Cancel
            ? Render(warning.Description, null, lead)
            : Render(warning.Headline, warning.Instruction, lead);
    }

    /// <summary>Renders the headline and instruction into a text within the segment budget.</summary>
    /// <param name="headline">What the danger is.</param>
    /// <param name="instruction">What to do; shortened first.</param>
    /// <param name="lead">Put before the headline and never shortened, e.g. the issuing organisation and <c>：</c>.</param>
    public SmsContent Render(string headline, string? instruction, string? lead = null)
    {
        ArgumentNullException.ThrowIfNull(headline);
        var head = Normalise(headline);
        var advice = Normalise(instruction ?? string.Empty);
        var opening = Normalise(lead ?? string.Empty);
        SmsContent Compose(string head, string advice) => this.Compose(opening, head, advice);

        var content = Compose(head, advice);
        if (SmsSegments.Count(content.Text) <= MaxSegments)
        {
            return content;
        }

        // Shorten the instruction to the longest prefix that fits; only if even an empty one
        // does not fit, shorten the headline too.
        var trimmedAdvice = LongestFitting(advice, a => Compose(head, a));
        if (trimmedAdvice is not null)
        {
            return Compose(head, trimmedAdvice) with { Truncated = true };
        }

        var trimmedHead = LongestFitting(head, h => Compose(h, string.Empty)) ?? string.Empty;
        return Compose(trimmedHead, string.Empty) with { Truncated = true };
    }

    private SmsContent Compose(string lead, string head, string advice)
    {
        var body = lead + (advice.Length == 0 ? head : head + Separator + advice);
        var text = $"【{Signature}】{body}{OptOutWording}";
        return new SmsContent(text, body, head, advice, SmsSegments.Count(text), Truncated: false);
    }

    // Binary search over prefix lengths; a prefix never ends inside a surrogate pair.
    // Returns null when not even the empty prefix fits.
    private string? LongestFitting(string value, Func<string, SmsContent> compose)
    {
        if (SmsSegments.Count(compose(string.Empty).Text) > MaxSegments)
        {
            return null;
        }

        int low = 0, high = value.Length - 1;
        var best = string.Empty;
        while (low <= high)
        {
            var mid = (low + high) / 2;
            var cut = mid > 0 && char.IsHighSurrogate(value[mid - 1]) ? mid - 1 : mid;
            var candidate = cut == 0 ? string.Empty : value[..cut].TrimEnd() + Ellipsis;
            if (SmsSegments.Count(compose(candidate).Text) <= MaxSegments)
            {
                best = candidate;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return best;
    }

    private static string Normalise(string value)
    {
        var builder = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}

/// <summary>The rendered SMS and the parts it was built from.</summary>
/// <param name="Text">The full text as the recipient sees it, signature and opt-out included.</param>
/// <param name="Body">The text between signature and opt-out wording, the lead included.</param>
/// <param name="Headline">The headline as used (possibly shortened); a template parameter for template-based providers.</param>
/// <param name="Instruction">The instruction as used (possibly shortened or empty).</param>
/// <param name="Segments">Billable segments of <paramref name="Text"/>.</param>
/// <param name="Truncated">Whether the headline or the instruction had to be shortened.</param>
public sealed record SmsContent(string Text, string Body, string Headline, string Instruction, int Segments, bool Truncated);

/// <summary>Settings for <see cref="SmsTemplate"/>.</summary>
public sealed class SmsTemplateOptions
{
    /// <summary>The registered signature, without brackets.</summary>
    [Required]
    public string Signature { get; set; } = string.Empty;

    /// <summary>The opt-out wording; <see cref="SmsTemplate.DefaultOptOutWording"/> when not set.</summary>
    public string? OptOutWording { get; set; }

    /// <summary>How many billable segments one message may take.</summary>
    [Range(1, 10)]
    public int MaxSegments { get; set; } = 3;
}

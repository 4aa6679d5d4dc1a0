using System.Text.RegularExpressions;

namespace RiskAlerts.Core.Enterprises;

/// <summary>
/// Masks personal contact data for logs, previews and the console, keeping enough to tell
/// two recipients apart and to recognise one's own number, never enough to contact anyone.
/// </summary>
public static partial class PersonalDataMask
{
    private const string Hidden = "***";

    /// <summary>
    /// Masks every phone number and email address found in free text (a message body shown to an
    /// operator): numbers of 7 or more digits, optionally with a leading +, and anything shaped like an address.
    /// </summary>
    public static string MaskText(string? text) =>
        string.IsNullOrEmpty(text)
            ? string.Empty
            : PhoneLike().Replace(EmailLike().Replace(text, m => MaskEmail(m.Value)), m => m.Value.StartsWith('+') ? MaskPhone(m.Value) : MaskDigits(m.Value));

    private static string MaskDigits(string digits) => $"{digits[..3]}{new string('*', digits.Length - 5)}{digits[^2..]}";

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailLike();

    [GeneratedRegex(@"\+?\d{7,15}")]
    private static partial Regex PhoneLike();

    /// <summary>
    /// Masks an E.164 number as <c>+86 138****5678</c>: country code, first three and last four
    /// national digits (fewer for short numbers). Anything unparseable becomes <c>***</c>.
    /// </summary>
    public static string MaskPhone(string? e164)
    {
        if (string.IsNullOrWhiteSpace(e164))
        {
            return string.Empty;
        }

        if (!PhoneNumberNormalizer.TrySplit(e164, out var countryCode, out var national) || national.Length < 6)
        {
            return Hidden;
        }

        var keepEnd = national.Length >= 10 ? 4 : 2;
        var keepStart = national.Length >= 10 ? 3 : 2;
        return $"+{countryCode} {national[..keepStart]}{new string('*', national.Length - keepStart - keepEnd)}{national[^keepEnd..]}";
    }

    /// <summary>What a pseudonymised address is shown as: nothing of the hash, which is for lookups only.</summary>
    public const string Pseudonymised = "(pseudonymised)";

    /// <summary>
    /// An address of a channel masked: <see cref="MaskPhone"/> for SMS, <see cref="MaskEmail"/> for
    /// email, <see cref="Pseudonymised"/> for an address already replaced by its keyed hash.
    /// </summary>
    public static string MaskAddress(Alerts.Channel channel, string? address) =>
        Privacy.AddressPseudonymiser.IsPseudonym(address) ? Pseudonymised
        : channel == Alerts.Channel.Sms ? MaskPhone(address) : MaskEmail(address);

    /// <summary>
    /// Masks an address as <c>z***@example.com</c>: first character of the local part and the
    /// whole domain (the domain identifies the organisation, not the person).
    /// </summary>
    public static string MaskEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return string.Empty;
        }

        var at = email.LastIndexOf('@');
        return at <= 0 ? Hidden : $"{email[0]}{Hidden}{email[at..]}";
    }
}

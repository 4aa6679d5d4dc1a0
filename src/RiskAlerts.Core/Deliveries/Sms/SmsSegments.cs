namespace RiskAlerts.Core.Deliveries.Sms;

/// <summary>
/// Counts how many billable segments a text occupies, the way carriers and the Chinese SMS
/// providers split it.
/// </summary>
/// <remarks>
/// <para>
/// Text made only of GSM 03.38 default-alphabet characters travels as GSM-7: 160 septets in one
/// segment, 153 per segment once concatenated (the user data header takes 7). Characters from
/// the extension table (<c>^{}\[~]|€</c> and form feed) cost two septets and an escape pair is
/// never split across segments.
/// </para>
/// <para>
/// Anything else, and so every Chinese text, travels as UCS-2: 140 octets, that is 70 UTF-16 code
/// units in one segment and 67 per segment once concatenated. We count UTF-16 code units rather
/// than user-perceived characters because that is what occupies the octets on the wire: a
/// character outside the Basic Multilingual Plane (an emoji, a rare CJK ideograph in plane 2) is
/// a surrogate pair and costs two, and a pair is never split across segments, so it may push a
/// boundary forward. Aliyun and Tencent both bill "70 characters, then 67 per part" with the
/// signature counted in; for BMP-only text, which is all our templates produce, both counts agree.
/// </para>
/// </remarks>
public static class SmsSegments
{
    /// <summary>Code units (UCS-2) or septets (GSM-7) that fit a single, unsplit message.</summary>
    public const int Ucs2SingleLimit = 70;

    /// <summary>Code units per part of a concatenated UCS-2 message.</summary>
    public const int Ucs2PartLimit = 67;

    /// <summary>Septets that fit a single, unsplit GSM-7 message.</summary>
    public const int Gsm7SingleLimit = 160;

    /// <summary>Septets per part of a concatenated GSM-7 message.</summary>
    public const int Gsm7PartLimit = 153;

    private const string Gsm7Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string Gsm7Extension = "\f^{}\\[~]|€";

    /// <summary>Number of segments the text occupies; an empty text still costs one.</summary>
    public static int Count(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return IsGsm7(text) ? CountGsm7(text) : CountUcs2(text);
    }

    /// <summary>Whether every character of the text is in the GSM-7 default alphabet or its extension table.</summary>
    public static bool IsGsm7(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var c in text)
        {
            if (!Gsm7Basic.Contains(c, StringComparison.Ordinal) && !Gsm7Extension.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Length in the unit that fills segments: septets for GSM-7, UTF-16 code units for UCS-2.</summary>
    public static int Length(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!IsGsm7(text))
        {
            return text.Length;
        }

        var septets = 0;
        foreach (var c in text)
        {
            septets += Gsm7Extension.Contains(c, StringComparison.Ordinal) ? 2 : 1;
        }

        return septets;
    }

    private static int CountGsm7(string text)
    {
        var total = Length(text);
        if (total <= Gsm7SingleLimit)
        {
            return 1;
        }

        return Pack(text, Gsm7PartLimit, c => Gsm7Extension.Contains(c, StringComparison.Ordinal) ? 2 : 1, isLead: _ => false);
    }

    private static int CountUcs2(string text)
    {
        if (text.Length <= Ucs2SingleLimit)
        {
            return 1;
        }

        return Pack(text, Ucs2PartLimit, _ => 1, char.IsHighSurrogate);
    }

    // Fills parts greedily, keeping an escape pair or a surrogate pair whole: a unit that would
    // straddle a boundary opens the next part instead.
    private static int Pack(string text, int partLimit, Func<char, int> cost, Func<char, bool> isLead)
    {
        var parts = 1;
        var used = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var units = cost(text[i]);
            if (isLead(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                units = 2;
                i++;
            }

            if (used + units > partLimit)
            {
                parts++;
                used = 0;
            }

            used += units;
        }

        return parts;
    }
}

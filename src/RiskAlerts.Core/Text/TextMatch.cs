namespace RiskAlerts.Core.Text;

/// <summary>
/// "Contains" as people mean it when they search a name or a headline: NFKC folds full-width
/// letters, digits and brackets (（ＡＢＣ）) into their ordinary forms, and upper case makes Latin
/// letters match in any case. Chinese text is compared as written.
/// </summary>
public static class TextMatch
{
    /// <summary>A text as the search compares it.</summary>
    public static string Key(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Normalize(System.Text.NormalizationForm.FormKC).ToUpperInvariant();
    }

    /// <summary>True when <paramref name="text"/> contains what <paramref name="key"/> (a <see cref="Key"/>) names; an empty key is in every text.</summary>
    public static bool Contains(string text, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Length == 0 || Key(text ?? string.Empty).Contains(key, StringComparison.Ordinal);
    }
}

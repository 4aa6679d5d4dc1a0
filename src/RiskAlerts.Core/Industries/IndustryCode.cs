using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace RiskAlerts.Core.Industries;

/// <summary>
/// An industry in GB/T 4754-2017 terms: a section letter (<c>C</c>) optionally narrowed to
/// one of its two-digit divisions (<c>C39</c>). Written <c>C</c> or <c>C39</c>; a bare
/// division (<c>39</c>) is read with its section.
/// </summary>
public readonly record struct IndustryCode
{
    private IndustryCode(char section, int? division)
    {
        Section = section;
        Division = division;
    }

    /// <summary>Section letter, A to T.</summary>
    public char Section { get; }

    /// <summary>Two-digit division (1 to 97), or null when only the section is known or meant.</summary>
    public int? Division { get; }

    /// <summary>The section record with its Chinese name.</summary>
    public IndustrySection SectionInfo => IndustryClassification.FindSection(Section) ?? throw new InvalidOperationException("An uninitialised industry code has no section.");

    internal int SectionIndex => Section - 'A';

    /// <summary>A whole-section code.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The letter is not A to T.</exception>
    public static IndustryCode ForSection(char section) =>
        IndustryClassification.FindSection(section) is { } found
            ? new IndustryCode(found.Letter, null)
            : throw new ArgumentOutOfRangeException(nameof(section), section, "GB/T 4754-2017 sections run from A to T.");

    /// <summary>A division code with its section.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No section has this division.</exception>
    public static IndustryCode ForDivision(int division) =>
        IndustryClassification.SectionOfDivision(division) is { } section
            ? new IndustryCode(section.Letter, division)
            : throw new ArgumentOutOfRangeException(nameof(division), division, "GB/T 4754-2017 has no such division.");

    /// <summary>Parses <c>C</c>, <c>C39</c> or <c>39</c>.</summary>
    /// <exception cref="FormatException">The text is not an industry code; the message says why.</exception>
    public static IndustryCode Parse(string text) =>
        TryParse(text, out var code, out var reason) ? code : throw new FormatException($"'{text}' is not an industry code: {reason}");

    /// <summary>Parses <c>C</c>, <c>C39</c> or <c>39</c> without saying why it failed.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out IndustryCode code) => TryParse(text, out code, out _);

    /// <summary>Parses <c>C</c>, <c>C39</c> or <c>39</c> (case-insensitive); on failure <paramref name="reason"/> says why.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out IndustryCode code, [NotNullWhen(false)] out string? reason)
    {
        code = default;
        var span = text.AsSpan().Trim();
        if (span.IsEmpty)
        {
            reason = "is empty; give a GB/T 4754-2017 section letter (A to T) optionally followed by its two-digit division, e.g. C or C39.";
            return false;
        }

        char? letter = null;
        if (char.IsAsciiLetter(span[0]))
        {
            if (IndustryClassification.FindSection(span[0]) is null)
            {
                reason = $"section '{span[0]}' does not exist; GB/T 4754-2017 sections run from A to T.";
                return false;
            }

            letter = char.ToUpperInvariant(span[0]);
            span = span[1..];
        }

        if (span.IsEmpty)
        {
            code = new IndustryCode(letter!.Value, null);
            reason = null;
            return true;
        }

        if (span.Length != 2 || !char.IsAsciiDigit(span[0]) || !char.IsAsciiDigit(span[1]))
        {
            reason = "the division must be two digits, e.g. C39 or 39.";
            return false;
        }

        var division = int.Parse(span, NumberStyles.None, CultureInfo.InvariantCulture);
        var section = IndustryClassification.SectionOfDivision(division);
        if (section is null)
        {
            reason = $"division {division:D2} does not exist in GB/T 4754-2017 (divisions run from 01 to 97).";
            return false;
        }

        if (letter is { } given && given != section.Letter)
        {
            reason = $"division {division:D2} belongs to section {section.Letter} ({section.Name}), not {given}.";
            return false;
        }

        code = new IndustryCode(section.Letter, division);
        reason = null;
        return true;
    }

    /// <summary>
    /// True when an enterprise whose industry is <paramref name="enterpriseIndustry"/> falls
    /// under this code used as a filter: a section matches all of its divisions; a division
    /// matches only itself. An enterprise known only by section does not match a division
    /// filter, because it cannot be shown to belong to that division.
    /// </summary>
    public bool Matches(IndustryCode enterpriseIndustry) =>
        Section == enterpriseIndustry.Section && (Division is null || Division == enterpriseIndustry.Division);

    /// <summary>True when the two codes can describe the same activity (same section, and divisions equal where both are given).</summary>
    public bool Overlaps(IndustryCode other) =>
        Section == other.Section && (Division is null || other.Division is null || Division == other.Division);

    /// <summary><c>C</c> or <c>C39</c>.</summary>
    public override string ToString() =>
        Division is { } division ? string.Create(CultureInfo.InvariantCulture, $"{Section}{division:D2}") : Section.ToString();
}

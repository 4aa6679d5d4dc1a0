using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace RiskAlerts.Core.Enterprises;

/// <summary>
/// A unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from
/// <see cref="Alphabet"/>, the last one a check character over the first 17.
/// </summary>
/// <remarks>
/// Layout: character 1 registration department (登记管理部门, e.g. 1, 5, 9, A, N, Y), character 2
/// organisation type within it, characters 3 to 8 the registering authority's division code
/// (GB/T 2260), 9 to 17 the organisation identifier, 18 the check character.
/// The default value is not a valid code; obtain instances through <see cref="Parse"/> or
/// <see cref="TryParse(string?, out UnifiedSocialCreditCode, out string?)"/>.
/// </remarks>
public readonly record struct UnifiedSocialCreditCode : IComparable<UnifiedSocialCreditCode>
{
    /// <summary>The 31 characters a code may contain, in the order that gives each its value (no I, O, Z, S, V).</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /// <summary>Number of characters in a code.</summary>
    public const int Length = 18;

    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    private readonly string? _value;

    private UnifiedSocialCreditCode(string value) => _value = value;

    /// <summary>The normalised 18-character code (upper case, no spaces).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Character 1: the registration department (1 = 机构编制, 5 = 民政, 9 = 工商/市场监管, ...).</summary>
    public char RegistrationDepartment => Value.Length == Length ? Value[0] : '\0';

    /// <summary>Character 2: the organisation type within the registration department.</summary>
    public char OrganisationType => Value.Length == Length ? Value[1] : '\0';

    /// <summary>Characters 3 to 8: the GB/T 2260 division code of the registering authority.</summary>
    public string DivisionCode => Value.Length == Length ? Value.Substring(2, 6) : string.Empty;

    /// <summary>Characters 9 to 17: the organisation identifier (主体标识码).</summary>
    public string OrganisationIdentifier => Value.Length == Length ? Value.Substring(8, 9) : string.Empty;

    /// <summary>Character 18: the check character.</summary>
    public char CheckCharacter => Value.Length == Length ? Value[17] : '\0';

    /// <summary>Parses a code, normalising case, whitespace and full-width characters.</summary>
    /// <exception cref="FormatException">The text is not a valid code; the message says why.</exception>
    public static UnifiedSocialCreditCode Parse(string text) =>
        TryParse(text, out var code, out var reason) ? code : throw new FormatException($"'{text}' is not a unified social credit code: {reason}");

    /// <summary>Parses a code without saying why it failed.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out UnifiedSocialCreditCode code) => TryParse(text, out code, out _);

    /// <summary>
    /// Parses a code, normalising case, whitespace and full-width characters (as pasted from
    /// Chinese documents). On failure <paramref name="reason"/> says what is wrong and where.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out UnifiedSocialCreditCode code, [NotNullWhen(false)] out string? reason)
    {
        code = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            reason = "is empty; a unified social credit code has 18 characters.";
            return false;
        }

        var normalised = Normalise(text);
        if (normalised.Length != Length)
        {
            reason = $"has {normalised.Length} characters; a unified social credit code has exactly 18.";
            return false;
        }

        for (var i = 0; i < Length; i++)
        {
            var c = normalised[i];
            if (Alphabet.IndexOf(c, StringComparison.Ordinal) < 0)
            {
                reason = $"character '{c}' at position {i + 1} is not allowed; a code uses digits and the letters A-H, J-N, P, Q, R, T, U, W, X, Y (never I, O, Z, S, V).";
                return false;
            }

            if (i is >= 2 and <= 7 && !char.IsAsciiDigit(c))
            {
                reason = $"character '{c}' at position {i + 1} must be a digit: positions 3 to 8 are the registering authority's division code.";
                return false;
            }
        }

        var expected = ComputeCheckCharacter(normalised.AsSpan(0, 17));
        if (normalised[17] != expected)
        {
            reason = $"the check character is '{normalised[17]}' but the first 17 characters require '{expected}'; the code was probably mistyped.";
            return false;
        }

        code = new UnifiedSocialCreditCode(normalised);
        reason = null;
        return true;
    }

    /// <summary>
    /// Computes the check character for the first 17 characters of a code (GB 32100-2015 §5):
    /// weighted sum of alphabet indexes, check = 31 - (sum mod 31), where 31 maps to 0.
    /// Test data generators use it to build valid codes.
    /// </summary>
    /// <exception cref="ArgumentException">Not 17 characters, or a character outside <see cref="Alphabet"/>.</exception>
    public static char ComputeCheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17)
        {
            throw new ArgumentException("The check character is computed over exactly 17 characters.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = Alphabet.IndexOf(first17[i], StringComparison.Ordinal);
            if (value < 0)
            {
                throw new ArgumentException($"Character '{first17[i]}' at position {i + 1} is not in the credit code alphabet.", nameof(first17));
            }

            sum += value * Weights[i];
        }

        var check = 31 - (sum % 31);
        return Alphabet[check == 31 ? 0 : check];
    }

    /// <summary>Builds a valid code from its first 17 characters by appending the check character.</summary>
    public static UnifiedSocialCreditCode FromFirst17(string first17)
    {
        ArgumentNullException.ThrowIfNull(first17);
        return Parse(first17 + ComputeCheckCharacter(first17));
    }

    /// <inheritdoc />
    public int CompareTo(UnifiedSocialCreditCode other) => string.CompareOrdinal(Value, other.Value);

    /// <summary>Orders codes ordinally.</summary>
    public static bool operator <(UnifiedSocialCreditCode left, UnifiedSocialCreditCode right) => left.CompareTo(right) < 0;

    /// <summary>Orders codes ordinally.</summary>
    public static bool operator >(UnifiedSocialCreditCode left, UnifiedSocialCreditCode right) => left.CompareTo(right) > 0;

    /// <summary>Orders codes ordinally.</summary>
    public static bool operator <=(UnifiedSocialCreditCode left, UnifiedSocialCreditCode right) => left.CompareTo(right) <= 0;

    /// <summary>Orders codes ordinally.</summary>
    public static bool operator >=(UnifiedSocialCreditCode left, UnifiedSocialCreditCode right) => left.CompareTo(right) >= 0;

    /// <inheritdoc />
    public override string ToString() => Value;

    private static string Normalise(string text)
    {
        // Codes copied from PDFs and web forms often carry full-width characters (９１１０…) and
        // spaces between groups; NFKC folds the former into ASCII.
        var folded = text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(Length);
        foreach (var c in folded)
        {
            if (!char.IsWhiteSpace(c))
            {
                builder.Append(char.ToUpperInvariant(c));
            }
        }

        return builder.ToString();
    }
}

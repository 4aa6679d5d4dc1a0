using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace RiskAlerts.Core.Regions;

/// <summary>The level of a GB/T 2260 division code, read from the code's shape.</summary>
public enum RegionLevel
{
    /// <summary><c>PP0000</c>: province, autonomous region or municipality.</summary>
    Province = 1,

    /// <summary><c>PPCC00</c>: prefecture-level unit.</summary>
    Prefecture = 2,

    /// <summary><c>PPCCDD</c>: county-level unit.</summary>
    County = 3,
}

/// <summary>
/// A 6-digit GB/T 2260 administrative division code (<c>PP0000</c> province,
/// <c>PPCC00</c> prefecture, <c>PPCCDD</c> county). Structural only: whether the code
/// exists is the <see cref="RegionCatalog"/>'s business.
/// </summary>
/// <remarks>
/// The level comes from the shape of the code. A few prefecture-level cities have no
/// counties (东莞 441900, 中山 442000, 儋州 460400); the catalog treats such a code as its own
/// county-level unit, and <see cref="Contains"/> already does the right thing for it, since
/// a code always contains itself.
/// </remarks>
public readonly record struct RegionCode : IComparable<RegionCode>
{
    private RegionCode(int value) => Value = value;

    /// <summary>The code as an integer, e.g. 220102.</summary>
    public int Value { get; }

    /// <summary>Level read from the code's shape.</summary>
    public RegionLevel Level => Value % 10000 == 0 ? RegionLevel.Province : Value % 100 == 0 ? RegionLevel.Prefecture : RegionLevel.County;

    /// <summary>The two province digits, e.g. 22 for 220102.</summary>
    public int ProvincePrefix => Value / 10000;

    /// <summary>The four province and prefecture digits, e.g. 2201 for 220102 (2200 for a province).</summary>
    public int PrefecturePrefix => Value / 100;

    /// <summary>The province containing this code (itself for a province).</summary>
    public RegionCode ProvinceCode => new(ProvincePrefix * 10000);

    /// <summary>The prefecture containing this code (itself for a prefecture); null for a province.</summary>
    public RegionCode? PrefectureCode => Level == RegionLevel.Province ? null : new RegionCode(PrefecturePrefix * 100);

    /// <summary>The code one level up; null for a province.</summary>
    public RegionCode? Parent => Level switch
    {
        RegionLevel.County => new RegionCode(PrefecturePrefix * 100),
        RegionLevel.Prefecture => ProvinceCode,
        _ => null,
    };

    /// <summary>The smallest code inside this one (itself).</summary>
    public int SubtreeFirst => Value;

    /// <summary>The largest code any division inside this one can have: PP9999 for a province, PPCC99 for a prefecture.</summary>
    public int SubtreeLast => Level switch
    {
        RegionLevel.Province => Value + 9999,
        RegionLevel.Prefecture => Value + 99,
        _ => Value,
    };

    /// <summary>
    /// The codes a warning for this region reaches, as inclusive ranges: every division inside it, and the
    /// province and prefecture containing it, where a subscriber whose interest was widened to a region
    /// containing the warning's is found. The matcher's index and the subscription table's partition ranges
    /// both read this.
    /// </summary>
    public IReadOnlyList<(int First, int Last)> ReachedCodeRanges() => Level switch
    {
        RegionLevel.Province => [(SubtreeFirst, SubtreeLast)],
        RegionLevel.Prefecture => [(SubtreeFirst, SubtreeLast), (ProvinceCode.Value, ProvinceCode.Value)],
        _ => [(SubtreeFirst, SubtreeLast), (ProvinceCode.Value, ProvinceCode.Value), (PrefecturePrefix * 100, PrefecturePrefix * 100)],
    };

    /// <summary>Builds a code from its integer form.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The number is not a well-formed code.</exception>
    public static RegionCode FromInt32(int value) =>
        TryCreate(value, out var code, out var reason) ? code : throw new ArgumentOutOfRangeException(nameof(value), value, reason);

    /// <summary>Parses a 6-digit code.</summary>
    /// <exception cref="FormatException">The text is not a well-formed code; the message says why.</exception>
    public static RegionCode Parse(string text) =>
        TryParse(text, out var code, out var reason) ? code : throw new FormatException($"'{text}' is not a region code: {reason}");

    /// <summary>Parses a 6-digit code without saying why it failed.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out RegionCode code) => TryParse(text, out code, out _);

    /// <summary>Parses a 6-digit code (surrounding whitespace ignored); on failure <paramref name="reason"/> says why.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out RegionCode code, [NotNullWhen(false)] out string? reason)
    {
        code = default;
        var trimmed = text.AsSpan().Trim();
        if (trimmed.Length != 6)
        {
            reason = "must be a 6-digit GB/T 2260 division code such as 220000 (province), 220100 (prefecture) or 220102 (county).";
            return false;
        }

        foreach (var c in trimmed)
        {
            if (!char.IsAsciiDigit(c))
            {
                reason = $"contains '{c}'; a division code has digits only.";
                return false;
            }
        }

        return TryCreate(int.Parse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture), out code, out reason);
    }

    private static bool TryCreate(int value, out RegionCode code, [NotNullWhen(false)] out string? reason)
    {
        code = default;
        if (value is < 110000 or > 999999)
        {
            reason = "must be a 6-digit division code whose province part is 11 or greater.";
            return false;
        }

        if ((value / 100) % 100 == 0 && value % 100 != 0)
        {
            reason = "has a county part but no prefecture part (PP00DD); use PPCCDD.";
            return false;
        }

        code = new RegionCode(value);
        reason = null;
        return true;
    }

    /// <summary>True when <paramref name="other"/> is this division or lies inside it.</summary>
    public bool Contains(RegionCode other) => other.Value >= SubtreeFirst && other.Value <= SubtreeLast;

    /// <summary>True when one of the two divisions contains the other (a warning and a subscriber's area share ground).</summary>
    public bool Overlaps(RegionCode other) => Contains(other) || other.Contains(this);

    /// <inheritdoc />
    public int CompareTo(RegionCode other) => Value.CompareTo(other.Value);

    /// <summary>Orders by numeric code.</summary>
    public static bool operator <(RegionCode left, RegionCode right) => left.Value < right.Value;

    /// <summary>Orders by numeric code.</summary>
    public static bool operator >(RegionCode left, RegionCode right) => left.Value > right.Value;

    /// <summary>Orders by numeric code.</summary>
    public static bool operator <=(RegionCode left, RegionCode right) => left.Value <= right.Value;

    /// <summary>Orders by numeric code.</summary>
    public static bool operator >=(RegionCode left, RegionCode right) => left.Value >= right.Value;

    /// <summary>The 6-digit form, e.g. <c>220102</c>.</summary>
    public override string ToString() => Value.ToString("D6", CultureInfo.InvariantCulture);
}

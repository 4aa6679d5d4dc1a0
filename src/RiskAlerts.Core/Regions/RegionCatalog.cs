using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;

namespace RiskAlerts.Core.Regions;

/// <summary>One division in the catalog.</summary>
/// <param name="Code">Its 6-digit code.</param>
/// <param name="Name">Its Chinese name, e.g. 南关区 (prefecture-level groupings keep the source's 市辖区 / 县).</param>
/// <param name="Level">Its level in the catalog's tree (a prefecture without counties is still a prefecture here).</param>
/// <param name="Parent">The division above it; null for a province.</param>
public sealed record RegionEntry(RegionCode Code, string Name, RegionLevel Level, RegionCode? Parent);

/// <summary>
/// The province → prefecture → county tree of GB/T 2260 statistical division codes, loaded
/// from the embedded 2023 edition (<see cref="Default"/>) or from any stream carrying a newer
/// edition in the same <c>pca-code.json</c> shape (<c>[{"code","name","children"}]</c>, codes
/// of 2, 4 and 6 digits padded to 6).
/// </summary>
/// <remarks>
/// County-level units (区县级) are what enterprises register in and what subscriptions are
/// partitioned by. Two anomalies of the source data are folded into that model:
/// <list type="bullet">
/// <item>Prefecture-level cities without counties (东莞 4419, 中山 4420, 儋州 4604) list their
/// towns and streets with 9-digit codes. The prefecture itself (441900) becomes its own
/// county-level unit; the towns are not kept, since nothing in RiskAlerts targets below a county.</item>
/// <item>嘉峪关 (6202) lists 9-digit streets under 620201. Their 6-digit prefix (620201, the
/// city's 市辖区) becomes one county-level unit named after the city.</item>
/// </list>
/// A prefecture that ends up with no county-level child at all is likewise its own unit.
/// </remarks>
public sealed class RegionCatalog
{
    private const string EmbeddedResourceName = "RiskAlerts.Core.Regions.pca-code.json";

    private static readonly Lazy<RegionCatalog> EmbeddedEdition = new(LoadEmbedded);

    private readonly FrozenDictionary<int, RegionEntry> _entries;
    private readonly FrozenSet<int> _countyLevelUnits;

    // County-level unit codes in ascending order, so the units inside a province or prefecture
    // are one contiguous range found by binary search.
    private readonly RegionCode[] _sortedCountyLevelUnits;

    private RegionCatalog(Dictionary<int, RegionEntry> entries, SortedSet<int> countyLevelUnits)
    {
        _entries = entries.ToFrozenDictionary();
        _countyLevelUnits = countyLevelUnits.ToFrozenSet();
        _sortedCountyLevelUnits = [.. countyLevelUnits.Select(RegionCode.FromInt32)];
        Provinces = [.. entries.Values.Where(e => e.Level == RegionLevel.Province).Select(e => e.Code).Order()];
    }

    /// <summary>The catalog built from the edition embedded in this assembly (2023 statistical codes).</summary>
    public static RegionCatalog Default => EmbeddedEdition.Value;

    /// <summary>Every province-level code, ascending.</summary>
    public IReadOnlyList<RegionCode> Provinces { get; }

    /// <summary>Every county-level unit (including prefectures that act as their own), ascending.</summary>
    public IReadOnlyList<RegionCode> CountyLevelUnits => _sortedCountyLevelUnits;

    /// <summary>Loads the embedded edition.</summary>
    public static RegionCatalog LoadEmbedded()
    {
        using var stream = typeof(RegionCatalog).Assembly.GetManifestResourceStream(EmbeddedResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {EmbeddedResourceName} is missing from {typeof(RegionCatalog).Assembly.GetName().Name}.");
        return Load(stream);
    }

    /// <summary>Loads an edition in the <c>pca-code.json</c> shape from a stream (left open).</summary>
    /// <exception cref="FormatException">The document does not have the expected shape.</exception>
    public static RegionCatalog Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var document = JsonDocument.Parse(stream);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("A region catalog is a JSON array of provinces.");
        }

        var entries = new Dictionary<int, RegionEntry>();
        var countyLevelUnits = new SortedSet<int>();
        foreach (var provinceNode in document.RootElement.EnumerateArray())
        {
            var (provinceDigits, provinceName) = ReadNode(provinceNode, 2);
            var province = RegionCode.FromInt32(provinceDigits * 10000);
            Add(entries, new RegionEntry(province, provinceName, RegionLevel.Province, null));

            foreach (var prefectureNode in Children(provinceNode))
            {
                var (prefectureDigits, prefectureName) = ReadNode(prefectureNode, 4);
                var prefecture = RegionCode.FromInt32(prefectureDigits * 100);
                RequireInside(province, prefecture);
                Add(entries, new RegionEntry(prefecture, prefectureName, RegionLevel.Prefecture, province));

                var hasCountyChild = false;
                foreach (var countyNode in Children(prefectureNode))
                {
                    var (countyDigits, countyName, digitCount) = ReadCountyNode(countyNode);
                    if (digitCount > 6)
                    {
                        // A town or street listed straight under a prefecture (see remarks):
                        // keep only its 6-digit county-level prefix.
                        countyDigits /= Pow10(digitCount - 6);
                        countyName = prefectureName;
                    }

                    var county = RegionCode.FromInt32(countyDigits);
                    RequireInside(prefecture, county);
                    if (county == prefecture)
                    {
                        continue;
                    }

                    hasCountyChild = true;
                    countyLevelUnits.Add(county.Value);
                    entries.TryAdd(county.Value, new RegionEntry(county, countyName, RegionLevel.County, prefecture));
                }

                if (!hasCountyChild)
                {
                    countyLevelUnits.Add(prefecture.Value);
                }
            }
        }

        return new RegionCatalog(entries, countyLevelUnits);
    }

    /// <summary>True when the code is in the catalog at any level.</summary>
    public bool Exists(RegionCode code) => _entries.ContainsKey(code.Value);

    /// <summary>True when enterprises can register in the code: a county, or a prefecture without counties.</summary>
    public bool IsCountyLevelUnit(RegionCode code) => _countyLevelUnits.Contains(code.Value);

    /// <summary>The catalog entry for a code, or null when the code is not in this edition.</summary>
    public RegionEntry? Find(RegionCode code) => _entries.GetValueOrDefault(code.Value);

    /// <summary>The Chinese name of a code, or null when the code is not in this edition.</summary>
    public string? FindName(RegionCode code) => Find(code)?.Name;

    /// <summary>
    /// The full name from province down, e.g. <c>吉林省 长春市 南关区</c>; skips the
    /// source's placeholder groupings (市辖区, 县) and repeats (嘉峪关市 嘉峪关市).
    /// </summary>
    public string? FindFullName(RegionCode code)
    {
        var parts = new List<string>(3);
        for (var entry = Find(code); entry is not null; entry = entry.Parent is { } parent ? Find(parent) : null)
        {
            if (entry.Name is not ("市辖区" or "县") && (parts.Count == 0 || parts[^1] != entry.Name))
            {
                parts.Add(entry.Name);
            }
        }

        if (parts.Count == 0)
        {
            return null;
        }

        parts.Reverse();
        return string.Join(' ', parts);
    }

    /// <summary>
    /// Checks that a code exists in this edition; on failure <paramref name="reason"/> names
    /// the nearest known ancestor so the caller can correct it.
    /// </summary>
    public bool Validate(RegionCode code, out string? reason)
    {
        if (Exists(code))
        {
            reason = null;
            return true;
        }

        var known = code.Parent is { } parent && Exists(parent) ? $" ({parent} {FindName(parent)} exists)" : string.Empty;
        reason = $"{code} is not a division code in the {Provinces.Count}-province catalog in use{known}.";
        return false;
    }

    /// <summary>The county-level units inside a code, ascending (a county-level unit yields itself; an unknown code none).</summary>
    public IReadOnlyList<RegionCode> CountiesUnder(RegionCode code)
    {
        var first = LowerBound(code.SubtreeFirst);
        var end = LowerBound(code.SubtreeLast + 1);
        return new ArraySegment<RegionCode>(_sortedCountyLevelUnits, first, end - first);
    }

    /// <summary>The prefectures of a province, ascending.</summary>
    public IReadOnlyList<RegionCode> PrefecturesOf(RegionCode province) =>
        [.. _entries.Values.Where(e => e.Level == RegionLevel.Prefecture && e.Parent == province.ProvinceCode && province.Level == RegionLevel.Province).Select(e => e.Code).Order()];

    /// <summary>The prefecture a county-level unit belongs to (itself for a prefecture acting as its own county), or null when unknown.</summary>
    public RegionCode? PrefectureOf(RegionCode county) =>
        Find(county) switch
        {
            { Level: RegionLevel.County, Parent: var parent } => parent,
            { Level: RegionLevel.Prefecture } entry => entry.Code,
            _ => null,
        };

    /// <summary>The province a code belongs to, or null when the code is unknown.</summary>
    public RegionCode? ProvinceOf(RegionCode code) => Exists(code) ? code.ProvinceCode : null;

    private int LowerBound(int value)
    {
        int low = 0, high = _sortedCountyLevelUnits.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_sortedCountyLevelUnits[mid].Value < value)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private static void Add(Dictionary<int, RegionEntry> entries, RegionEntry entry)
    {
        if (!entries.TryAdd(entry.Code.Value, entry))
        {
            throw new FormatException($"Division code {entry.Code} appears twice in the region catalog.");
        }
    }

    private static void RequireInside(RegionCode parent, RegionCode child)
    {
        if (!parent.Contains(child))
        {
            throw new FormatException($"Division code {child} is listed under {parent}, which does not contain it.");
        }
    }

    private static JsonElement.ArrayEnumerator Children(JsonElement node) =>
        node.TryGetProperty("children", out var children) && children.ValueKind == JsonValueKind.Array
            ? children.EnumerateArray()
            : default;

    private static (int Digits, string Name) ReadNode(JsonElement node, int expectedDigits)
    {
        var (digits, name, count) = ReadCountyNode(node);
        if (count != expectedDigits)
        {
            throw new FormatException($"Expected a {expectedDigits}-digit code at this level of the region catalog, found {digits} ({name}).");
        }

        return (digits, name);
    }

    private static (int Digits, string Name, int DigitCount) ReadCountyNode(JsonElement node)
    {
        var code = node.TryGetProperty("code", out var codeElement) ? codeElement.GetString() : null;
        var name = node.TryGetProperty("name", out var nameElement) ? nameElement.GetString() : null;
        if (string.IsNullOrEmpty(code) || code.Length > 12 || !code.All(char.IsAsciiDigit) || string.IsNullOrWhiteSpace(name))
        {
            throw new FormatException($"A region catalog node needs a numeric \"code\" and a \"name\"; found code '{code}', name '{name}'.");
        }

        return (int.Parse(code.AsSpan(0, Math.Min(code.Length, 9)), NumberStyles.None, CultureInfo.InvariantCulture), name, Math.Min(code.Length, 9));
    }

    private static int Pow10(int exponent)
    {
        var result = 1;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }
}

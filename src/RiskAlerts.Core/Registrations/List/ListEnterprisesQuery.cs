namespace RiskAlerts.Core.Registrations.List;

/// <summary>A page of the registry found by name, credit code and region, as the query string gives them.</summary>
public sealed record ListEnterprisesQuery
{
    /// <summary>Largest page a caller may ask for.</summary>
    public const int MaximumPageSize = 200;

    /// <summary>Page size when none is given.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>
    /// Region of the registered county: a code prefix of 2 digits (province), 4 (prefecture) or 6
    /// (county), or a 6-digit province or prefecture code (<c>220000</c>, <c>220100</c>), which covers
    /// its sub-regions; null or empty for all.
    /// </summary>
    public string? Region { get; init; }

    /// <summary>Part of the enterprise's name, anywhere in it (full-width and half-width forms alike, any case); null or empty for any.</summary>
    public string? Name { get; init; }

    /// <summary>The start of the credit code (1 to 18 characters, any case); null or empty for any.</summary>
    public string? Uscc { get; init; }

    /// <summary>As given in the query string; null for the default.</summary>
    public string? PageSize { get; init; }

    /// <summary>Token from the previous page.</summary>
    public string? ContinuationToken { get; init; }
}

/// <summary>What a search looks for, validated and normalised; every part empty means every enterprise.</summary>
/// <param name="RegionPrefix">Registered county code prefix: empty, 2, 4 or 6 digits.</param>
/// <param name="UsccPrefix">Credit code prefix, upper case, of the code's own alphabet; empty for any.</param>
/// <param name="NameContains">Text the name must contain, as <see cref="Text.TextMatch.Key"/> gives it; empty for any.</param>
public sealed record EnterpriseSearch(string RegionPrefix, string UsccPrefix, string NameContains)
{
    /// <summary>Every enterprise.</summary>
    public static EnterpriseSearch All { get; } = new(string.Empty, string.Empty, string.Empty);

    /// <summary>A name as the search compares it (<see cref="Text.TextMatch.Key"/>).</summary>
    public static string NameKey(string name) => Text.TextMatch.Key(name);

    /// <summary>True when <paramref name="name"/> is one this search finds.</summary>
    public bool NameMatches(string name) => Text.TextMatch.Contains(name, NameContains);
}

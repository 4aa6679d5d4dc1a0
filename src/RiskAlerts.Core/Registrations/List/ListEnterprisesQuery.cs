namespace RiskAlerts.Core.Registrations.List;

/// <summary>A page of the registry, filtered by the region of the registered county.</summary>
public sealed record ListEnterprisesQuery
{
    /// <summary>Largest page a caller may ask for.</summary>
    public const int MaximumPageSize = 200;

    /// <summary>Page size when none is given.</summary>
    public const int DefaultPageSize = 50;

    /// <summary>Region code prefix: 2 digits (province), 4 (prefecture) or 6 (county); null or empty for all.</summary>
    public string? Region { get; init; }

    /// <summary>As given in the query string; null for the default.</summary>
    public string? PageSize { get; init; }

    /// <summary>Token from the previous page.</summary>
    public string? ContinuationToken { get; init; }
}

using RiskAlerts.Core.Matching;

namespace RiskAlerts.Core.Registrations;

/// <summary>An enterprise's registration as stored: the subscriber record plus what concurrency control needs.</summary>
/// <param name="Subscriber">The enterprise, its preferences (including <c>Unsubscribed</c>) and its contacts.</param>
/// <param name="Version">Starts at 1 and grows by one with every change; the HTTP ETag is derived from it.</param>
/// <param name="ConcurrencyToken">The store's own token for conditional writes (opaque outside the store).</param>
/// <param name="RegisteredAt">When the enterprise first registered.</param>
/// <param name="UpdatedAt">When this version was written.</param>
public sealed record RegisteredEnterprise(Subscriber Subscriber, long Version, string ConcurrencyToken, DateTimeOffset RegisteredAt, DateTimeOffset UpdatedAt)
{
    /// <summary>The strong HTTP entity tag of this version, quoted: <c>"3"</c>.</summary>
    public string ETag => EntityTag.ForVersion(Version);
}

/// <summary>HTTP entity tags of registrations: the version number, quoted.</summary>
public static class EntityTag
{
    /// <summary>The tag for a version, e.g. <c>"3"</c>.</summary>
    public static string ForVersion(long version) => $"\"{version.ToString(System.Globalization.CultureInfo.InvariantCulture)}\"";
}

/// <summary>One enterprise as a search lists it: who and where, never its contacts or preferences.</summary>
/// <param name="Enterprise">Credit code, name, registered county and industry.</param>
/// <param name="Unsubscribed">True once it opted out of every warning.</param>
/// <param name="Version">The registration's version.</param>
/// <param name="UpdatedAt">When that version was written.</param>
public sealed record ListedEnterprise(Enterprises.Enterprise Enterprise, bool Unsubscribed, long Version, DateTimeOffset UpdatedAt);

/// <summary>One page of a registry search.</summary>
/// <param name="Items">The enterprises on this page (possibly fewer than asked for, even none, while more follow).</param>
/// <param name="ContinuationToken">Opaque token for the next page; null on the last.</param>
public sealed record RegistrationPage(IReadOnlyList<ListedEnterprise> Items, string? ContinuationToken);

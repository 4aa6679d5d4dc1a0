namespace RiskAlerts.Core.Security;

/// <summary>Who is calling, as established by the platform's authentication.</summary>
/// <param name="Name">A stable name for audit: user principal name, or the platform's client name.</param>
/// <param name="Roles">The principal's roles (see <see cref="Role"/>).</param>
/// <param name="EnterpriseCode">For the enterprise role: the one unified social credit code the principal acts for.</param>
/// <param name="OrganisationCode">
/// For analysts and platforms: the code of the issuing organisation the principal belongs to, whose
/// jurisdiction bounds what it may target and whose warnings are the only ones it may act on.
/// </param>
public sealed record Principal(string Name, IReadOnlySet<string> Roles, string? EnterpriseCode = null, string? OrganisationCode = null)
{
    public bool IsInRole(string role) => Roles.Contains(role);

    public bool IsInAnyRole(IEnumerable<string> roles) => roles.Any(Roles.Contains);

    /// <summary>
    /// Whether the principal may act on the records of the enterprise <paramref name="uscc"/>:
    /// admins may act on any; an enterprise principal only on its own.
    /// </summary>
    public bool MayActFor(string uscc) =>
        IsInRole(Role.Admin) || (IsInRole(Role.Enterprise) && string.Equals(EnterpriseCode, uscc, StringComparison.Ordinal));
}

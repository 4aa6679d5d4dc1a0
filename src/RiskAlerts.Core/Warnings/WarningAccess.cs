using RiskAlerts.Core.Security;

namespace RiskAlerts.Core.Warnings;

/// <summary>
/// Whose warnings a principal may see and act on: operators and admins every organisation's; the
/// organisation's own principals (analysts, platforms) only its warnings. Another organisation's
/// warning is answered as if it did not exist, so its existence is not disclosed either.
/// </summary>
public static class WarningAccess
{
    /// <summary>Whether the principal sees the warnings of every organisation.</summary>
    public static bool SeesEveryOrganisation(Principal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.IsInAnyRole([Role.Operator, Role.Admin]);
    }

    /// <summary>Whether the principal may see (and, with the endpoint's role, act on) <paramref name="warning"/>.</summary>
    public static bool MaySee(Principal principal, Warning warning)
    {
        ArgumentNullException.ThrowIfNull(warning);
        return SeesEveryOrganisation(principal)
            || (!string.IsNullOrEmpty(principal.OrganisationCode) && string.Equals(principal.OrganisationCode, warning.Organisation, StringComparison.Ordinal));
    }

    /// <summary>The query narrowed to what the principal may see.</summary>
    public static WarningQuery Scope(Principal principal, WarningQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);

        // A principal of no organisation sees nothing: an organisation code no warning carries.
        return SeesEveryOrganisation(principal) ? query : query with { Organisation = principal.OrganisationCode ?? "(none)" };
    }
}

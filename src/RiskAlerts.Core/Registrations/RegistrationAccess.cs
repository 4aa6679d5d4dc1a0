using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Security;

namespace RiskAlerts.Core.Registrations;

/// <summary>
/// Object-level authorisation on registrations. An enterprise principal acts only on its own
/// credit code and an admin on any (<see cref="Principal.MayActFor"/>). Operators may read a
/// registration to investigate deliveries but never change one, and they see contacts masked.
/// </summary>
public static class RegistrationAccess
{
    /// <summary>Parses the route's code and checks that the caller may change that registration.</summary>
    /// <exception cref="Validation.RequestValidationException">The code is malformed (field <c>uscc</c>).</exception>
    /// <exception cref="AccessDeniedException">The caller acts for another enterprise.</exception>
    public static UnifiedSocialCreditCode AuthorizeChange(Principal principal, string? uscc)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var code = RegistrationParser.ParseRouteCode(uscc);
        EnsureMayChange(principal, code);
        return code;
    }

    /// <summary>Parses the route's code and checks that the caller may read that registration.</summary>
    /// <exception cref="Validation.RequestValidationException">The code is malformed (field <c>uscc</c>).</exception>
    /// <exception cref="AccessDeniedException">The caller acts for another enterprise.</exception>
    public static UnifiedSocialCreditCode AuthorizeRead(Principal principal, string? uscc)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var code = RegistrationParser.ParseRouteCode(uscc);
        if (!principal.MayActFor(code.Value) && !principal.IsInRole(Role.Operator))
        {
            throw AccessDeniedException.Forbidden($"{principal.Name} may not read the registration of {code}.");
        }

        return code;
    }

    /// <summary>Throws unless the caller may change the registration of <paramref name="code"/>.</summary>
    /// <exception cref="AccessDeniedException">The caller acts for another enterprise.</exception>
    public static void EnsureMayChange(Principal principal, UnifiedSocialCreditCode code)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (!principal.MayActFor(code.Value))
        {
            throw AccessDeniedException.Forbidden($"{principal.Name} may not change the registration of {code}.");
        }
    }

    /// <summary>True when the caller sees contacts' numbers and addresses unmasked (the enterprise itself and admins).</summary>
    public static bool SeesPersonalData(Principal principal, UnifiedSocialCreditCode code)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.MayActFor(code.Value);
    }
}

using RiskAlerts.Core.Security;

namespace RiskAlerts.Core.Registrations.Get;

/// <summary>Reads one registration: the enterprise itself, an admin, or an operator.</summary>
public sealed class GetEnterpriseHandler(IEnterpriseRegistry registry)
{
    /// <returns>The registration, or null when the enterprise never registered.</returns>
    public async Task<RegisteredEnterprise?> HandleAsync(Principal principal, string uscc, CancellationToken cancellationToken = default)
    {
        var code = RegistrationAccess.AuthorizeRead(principal, uscc);
        return await registry.FindAsync(code, cancellationToken);
    }
}

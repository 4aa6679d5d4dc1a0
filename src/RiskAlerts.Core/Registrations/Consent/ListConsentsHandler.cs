using RiskAlerts.Core.Registrations.OptOut;
using RiskAlerts.Core.Security;

namespace RiskAlerts.Core.Registrations.Consent;

/// <summary>An enterprise's consent events, newest first, for the enterprise itself and admins.</summary>
public sealed class ListConsentsHandler(IConsentLog log)
{
    /// <exception cref="Validation.RequestValidationException">The code is malformed.</exception>
    /// <exception cref="AccessDeniedException">The caller acts for another enterprise.</exception>
    public async Task<IReadOnlyList<ConsentEvent>> HandleAsync(Principal principal, string? uscc, CancellationToken cancellationToken = default)
    {
        var code = RegistrationAccess.AuthorizeChange(principal, uscc);
        return await log.ListAsync(code.Value, cancellationToken);
    }
}

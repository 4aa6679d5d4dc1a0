using RiskAlerts.Core.Security;

namespace RiskAlerts.Core.Warnings.Get;

/// <summary>Reads one warning by id, as the principal may see it.</summary>
public sealed class GetWarningHandler(IWarningStore store)
{
    /// <returns>The warning, or null when the id is malformed or unknown, or the warning is another organisation's.</returns>
    public async Task<Warning?> HandleAsync(string warningId, Principal principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var warning = WarningId.IsWellFormed(warningId) ? await store.FindAsync(warningId, cancellationToken) : null;
        return warning is not null && WarningAccess.MaySee(principal, warning) ? warning : null;
    }
}

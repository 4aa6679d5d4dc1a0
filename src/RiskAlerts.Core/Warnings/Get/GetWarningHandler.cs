namespace RiskAlerts.Core.Warnings.Get;

/// <summary>Reads one warning by id.</summary>
public sealed class GetWarningHandler(IWarningStore store)
{
    /// <returns>The warning, or null when the id is malformed or unknown.</returns>
    public async Task<Warning?> HandleAsync(string warningId, CancellationToken cancellationToken = default) =>
        WarningId.IsWellFormed(warningId) ? await store.FindAsync(warningId, cancellationToken) : null;
}

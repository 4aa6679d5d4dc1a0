using RiskAlerts.Core.Acknowledgements;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Registrations;
using RiskAlerts.Core.Registrations.OptOut;
using RiskAlerts.Core.Security;

namespace RiskAlerts.Core.Privacy;

/// <summary>Everything held about an enterprise and its contacts, as its export shows it.</summary>
/// <param name="Registration">The registry record: the enterprise, its contacts unmasked, its preferences.</param>
/// <param name="Consents">Its consent events, newest first.</param>
/// <param name="OptOuts">The opt-outs the senders check, newest first.</param>
/// <param name="Warnings">Each warning that reached it, newest first, with its rows and acknowledgements.</param>
/// <param name="DeliveriesTruncated">True when more than <see cref="ExportEnterpriseHandler.MaxDeliveries"/> rows were found and the older warnings left out.</param>
public sealed record EnterpriseExport(
    RegisteredEnterprise Registration,
    IReadOnlyList<ConsentEvent> Consents,
    IReadOnlyList<OptOutEntry> OptOuts,
    IReadOnlyList<ExportedWarning> Warnings,
    bool DeliveriesTruncated);

/// <summary>One warning as an export shows it: what the enterprise received and acknowledged of it.</summary>
public sealed record ExportedWarning(Warnings.Warning Warning, IReadOnlyList<DeliveryRecord> Deliveries, IReadOnlyList<Acknowledgement> Acknowledgements);

/// <summary>
/// The export of an enterprise's data for the enterprise itself or an admin (a subject access
/// request): the registry record, consent events, opt-outs, and every delivery row and
/// acknowledgement of every warning that reached it. An erased enterprise has nothing to export.
/// </summary>
public sealed class ExportEnterpriseHandler(
    IEnterpriseRegistry registry,
    IConsentLog consents,
    IEnterpriseErasureStore erasures,
    IAcknowledgementStore acknowledgements,
    EnterpriseDeliveryScan scan)
{
    /// <summary>
    /// The most delivery rows one export holds (one row per contact, channel and warning: years of
    /// warnings to an enterprise with a few contacts), which keeps the answer to a few MB.
    /// </summary>
    public const int MaxDeliveries = 20_000;

    /// <returns>The export, or null when the enterprise is not registered (never, or erased).</returns>
    /// <exception cref="Validation.RequestValidationException">The code is malformed.</exception>
    /// <exception cref="AccessDeniedException">The caller acts for another enterprise.</exception>
    public async Task<EnterpriseExport?> HandleAsync(Principal principal, string? uscc, CancellationToken cancellationToken = default)
    {
        var code = RegistrationAccess.AuthorizeChange(principal, uscc);
        if (await registry.FindAsync(code, cancellationToken) is not { } registration)
        {
            return null;
        }

        var events = await consents.ListAsync(code.Value, cancellationToken);
        var optOuts = await erasures.ListOptOutsAsync(code.Value, cancellationToken);
        var warnings = new List<ExportedWarning>();
        var rows = 0;
        var truncated = false;
        foreach (var found in (await scan.FindAsync(code.Value, cancellationToken)).OrderByDescending(f => f.Warning.AcceptedAt))
        {
            if (rows + found.Rows.Count > MaxDeliveries)
            {
                truncated = true;
                break;
            }

            rows += found.Rows.Count;
            warnings.Add(new ExportedWarning(found.Warning, found.Rows, await acknowledgements.ListAsync(found.Warning.Id, code.Value, cancellationToken)));
        }

        return new EnterpriseExport(registration, events, optOuts, warnings, truncated);
    }
}

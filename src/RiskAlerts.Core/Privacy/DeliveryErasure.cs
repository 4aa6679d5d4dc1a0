using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;

namespace RiskAlerts.Core.Privacy;

/// <summary>
/// The part of an erasure that touches deliveries, for a whole enterprise or one of its contacts:
/// the numbers leave the SMS daily counts, the rows are pseudonymised, the acknowledgements deleted.
/// Running it again changes only rows written since (a planning that was under way).
/// </summary>
public sealed class DeliveryErasure(IEnterpriseErasureStore erasures, EnterpriseDeliveryScan scan, DeliveryRowPseudonymisation pseudonymisation)
{
    private const int MaxAttempts = 4;

    /// <summary>Erases the delivery data of the enterprise, or of its one contact <paramref name="contactId"/>.</summary>
    /// <returns>How many delivery rows it has (all pseudonymised now) and how many this call changed.</returns>
    public async Task<(int Total, int Changed)> ForgetAsync(string uscc, string? contactId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(uscc);
        var total = 0;
        var changed = 0;
        foreach (var found in await scan.FindAsync(uscc, cancellationToken))
        {
            var current = Of(found, contactId);
            if (current.Rows.Count == 0)
            {
                continue;
            }

            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    // The counts first: they are found by the addresses the pseudonyms replace.
                    await ForgetSmsCountsAsync(current, cancellationToken);
                    changed += await pseudonymisation.PseudonymiseAsync(current.Rows, cancellationToken);
                    break;
                }
                catch (DeliveryConcurrencyException) when (attempt < MaxAttempts)
                {
                    // A sender changed a row meanwhile: read the warning's rows again and go on.
                    current = Of(await scan.ReadAgainAsync(current.Warning, uscc, cancellationToken), contactId);
                }
            }

            total += current.Rows.Count;
            await erasures.DeleteAcknowledgementsAsync(current.Warning.Id, uscc, contactId, cancellationToken);
        }

        return (total, changed);
    }

    private static WarningDeliveries Of(WarningDeliveries found, string? contactId) =>
        contactId is null ? found : found with { Rows = [.. found.Rows.Where(r => r.ContactId == contactId)] };

    /// <summary>The counts are kept per China-local day of sending: every day from the warning's acceptance to the rows' last change.</summary>
    private async Task ForgetSmsCountsAsync(WarningDeliveries found, CancellationToken cancellationToken)
    {
        var sms = found.Rows.Where(r => r.Channel == Channel.Sms && !AddressPseudonymiser.IsPseudonym(r.Address)).ToList();
        if (sms.Count == 0)
        {
            return;
        }

        var last = sms.Max(r => r.SentAt is { } sent && sent > r.StatusAt ? sent : r.StatusAt);
        await erasures.ForgetSmsCountsAsync(
            found.Warning.Id,
            [.. sms.Select(r => r.Address).Distinct(StringComparer.Ordinal)],
            ChinaStandardTime.DayOf(found.Warning.AcceptedAt),
            ChinaStandardTime.DayOf(last > found.Warning.AcceptedAt ? last : found.Warning.AcceptedAt),
            cancellationToken);
    }
}

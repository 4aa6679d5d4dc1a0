using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;

namespace RiskAlerts.Core.Warnings.Evidence;

/// <summary>
/// Walks a warning's evidence once, page by page, into a format and at the same time into the
/// canonical CSV whose SHA-256 is the digest (<see cref="EvidenceCsv"/>). Nothing but one page of
/// rows and the counts is held, so a 100,000-recipient warning writes out in the memory of one page.
/// </summary>
public static class EvidenceWriter
{
    /// <summary>Writes the evidence to <paramref name="format"/>.</summary>
    /// <returns>The digest: lower-case hex SHA-256 of the canonical CSV body.</returns>
    public static async Task<string> WriteAsync(WarningEvidence evidence, IEvidenceFormat format, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(format);

        // The CSV format computes the digest of what it writes; any other format is shadowed by one writing nowhere.
        using var shadow = format is EvidenceCsv ? null : new EvidenceCsv(Stream.Null);
        var canonical = shadow ?? (EvidenceCsv)format;
        IEvidenceFormat[] targets = shadow is null ? [format] : [shadow, format];
        foreach (var target in targets)
        {
            await target.BeginAsync(evidence, cancellationToken);
        }

        foreach (var version in evidence.Versions)
        {
            foreach (var target in targets)
            {
                await target.VersionAsync(version, cancellationToken);
            }

            var counts = new Dictionary<(Channel, DeliveryStatus), int>();
            await foreach (var page in version.RecipientPages.WithCancellation(cancellationToken))
            {
                foreach (var recipient in page)
                {
                    counts[(recipient.Channel, recipient.Status)] = counts.GetValueOrDefault((recipient.Channel, recipient.Status)) + 1;
                }

                foreach (var target in targets)
                {
                    await target.RecipientsAsync(version, page, cancellationToken);
                }
            }

            List<EvidenceCount> tally = [.. counts.OrderBy(c => c.Key.Item1).ThenBy(c => c.Key.Item2).Select(c => new EvidenceCount(c.Key.Item1, c.Key.Item2, c.Value))];
            foreach (var target in targets)
            {
                await target.VersionEndAsync(version, tally, cancellationToken);
            }
        }

        var digest = canonical.Digest();
        foreach (var target in targets)
        {
            await target.EndAsync(digest, cancellationToken);
        }

        return digest;
    }
}

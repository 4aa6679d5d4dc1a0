namespace RiskAlerts.Core.Warnings.Evidence;

/// <summary>One way of writing evidence out (the canonical CSV, JSON), called by <see cref="EvidenceWriter"/> in document order.</summary>
public interface IEvidenceFormat
{
    /// <summary>Before the first version.</summary>
    ValueTask BeginAsync(WarningEvidence evidence, CancellationToken cancellationToken);

    /// <summary>A version's warning, trail and texts, before its recipients.</summary>
    ValueTask VersionAsync(EvidenceVersion version, CancellationToken cancellationToken);

    /// <summary>One page of a version's recipients, in key order.</summary>
    ValueTask RecipientsAsync(EvidenceVersion version, IReadOnlyList<EvidenceRecipient> page, CancellationToken cancellationToken);

    /// <summary>After a version's recipients: how many rows of each channel and status were written.</summary>
    ValueTask VersionEndAsync(EvidenceVersion version, IReadOnlyList<EvidenceCount> counts, CancellationToken cancellationToken);

    /// <summary>After the last version, with the digest of the canonical form.</summary>
    ValueTask EndAsync(string sha256Hex, CancellationToken cancellationToken);
}

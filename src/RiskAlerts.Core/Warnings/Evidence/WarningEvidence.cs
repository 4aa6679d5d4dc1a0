using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Enterprises;

namespace RiskAlerts.Core.Warnings.Evidence;

/// <summary>
/// The record of proof of one warning: what was sent, on whose decision, to whom, and what became of
/// each message. It is made of versions: today the warning as submitted (CAP <c>Alert</c>); an update
/// or a cancellation of it is one more version with its own texts and recipients.
/// </summary>
/// <param name="WarningId">The warning.</param>
/// <param name="Versions">The warning as submitted first, then each later version.</param>
public sealed record WarningEvidence(string WarningId, IReadOnlyList<EvidenceVersion> Versions);

/// <summary>One version of a warning with what its messages said and whom they reached.</summary>
/// <param name="MsgType">CAP <c>msgType</c>: <c>Alert</c> for the warning as submitted.</param>
/// <param name="Warning">The version as stored: as submitted, with its trail of who submitted, approved or retracted it.</param>
/// <param name="Texts">The rendered text of each channel the version may be sent on.</param>
/// <param name="RecipientPages">Its Deliveries rows in key order, one Table Storage page at a time, so that no caller holds them all.</param>
public sealed record EvidenceVersion(string MsgType, Warning Warning, IReadOnlyList<EvidenceText> Texts, IAsyncEnumerable<IReadOnlyList<EvidenceRecipient>> RecipientPages)
{
    /// <summary>CAP <c>msgType</c> of a warning as first submitted.</summary>
    public const string Alert = "Alert";
}

/// <summary>What a channel's message said.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Part"><c>text</c> (the whole SMS) or <c>subject</c> (the email's subject line).</param>
/// <param name="Value">Exactly as rendered for sending.</param>
public sealed record EvidenceText(Channel Channel, string Part, string Value);

/// <summary>Rows of one channel in one status, counted while the rows were written.</summary>
public sealed record EvidenceCount(Channel Channel, DeliveryStatus Status, int Count);

/// <summary>
/// One recipient's delivery as the Deliveries row keeps it, with the address masked. The row keeps its
/// present status and when it was set, when the provider accepted the message, until when quiet hours
/// held it and how many transient failures it had; it does not keep each intermediate status.
/// </summary>
public sealed record EvidenceRecipient(
    Channel Channel,
    string Uscc,
    string ContactId,
    string MaskedAddress,
    string? County,
    DeliveryStatus Status,
    DateTimeOffset StatusAt,
    DateTimeOffset? SentAt,
    DateTimeOffset? DeferUntil,
    int Attempts,
    string? Provider,
    string? ProviderMessageId,
    string? Reason)
{
    /// <summary><c>delivered</c> or <c>undelivered</c> when the provider's receipt settled the row; null before one came (and for email, which has none).</summary>
    public string? Receipt => Status switch
    {
        DeliveryStatus.Delivered => "delivered",
        DeliveryStatus.Undelivered => "undelivered",
        _ => null,
    };

    /// <summary>When the receipt was recorded: a receipt sets the row's status, so it is the status time.</summary>
    public DateTimeOffset? ReceiptAt => Receipt is null ? null : StatusAt;

    /// <summary>The row as evidence shows it.</summary>
    public static EvidenceRecipient From(DeliveryRecord row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new EvidenceRecipient(
            row.Channel,
            row.Uscc,
            row.ContactId,
            PersonalDataMask.MaskAddress(row.Channel, row.Address),
            row.County,
            row.Status,
            row.StatusAt,
            row.SentAt,
            row.DeferUntil,
            row.Attempts,
            row.Provider,
            row.ProviderMessageId,
            row.Reason);
    }
}

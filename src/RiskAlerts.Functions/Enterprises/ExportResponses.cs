using RiskAlerts.Core.Acknowledgements;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Privacy;
using RiskAlerts.Core.Registrations.OptOut;

namespace RiskAlerts.Functions.Enterprises;

/// <summary>
/// Everything held about an enterprise and its contacts, for the enterprise itself or an admin:
/// the registration with contacts unmasked, consent events, opt-outs, and per warning that reached it
/// the deliveries made to its contacts and their acknowledgements.
/// </summary>
/// <param name="Uscc">The enterprise.</param>
/// <param name="ExportedAt">When the export was read.</param>
/// <param name="Registration">The registration as <c>GET /api/enterprises/{uscc}</c> shows it to the enterprise.</param>
/// <param name="Consents">The consent events, newest first.</param>
/// <param name="OptOuts">The addresses that stopped receiving from it, newest first, as the senders check them.</param>
/// <param name="Warnings">Each warning that reached it, newest first.</param>
/// <param name="DeliveriesTruncated">True when it received more deliveries than one export holds (20,000): the oldest warnings are left out.</param>
public sealed record EnterpriseExportResponse(
    string Uscc,
    DateTimeOffset ExportedAt,
    EnterpriseResponse Registration,
    IReadOnlyList<ConsentEventResponse> Consents,
    IReadOnlyList<ExportedOptOutResponse> OptOuts,
    IReadOnlyList<ExportedWarningResponse> Warnings,
    bool DeliveriesTruncated)
{
    public static EnterpriseExportResponse From(EnterpriseExport export, DateTimeOffset exportedAt)
    {
        ArgumentNullException.ThrowIfNull(export);
        return new(
            export.Registration.Subscriber.Uscc.Value,
            exportedAt,
            EnterpriseResponse.From(export.Registration, maskPersonalData: false),
            [.. export.Consents.Select(ConsentEventResponse.From)],
            [.. export.OptOuts.Select(ExportedOptOutResponse.From)],
            [.. export.Warnings.Select(ExportedWarningResponse.From)],
            export.DeliveriesTruncated);
    }
}

/// <summary>One opt-out.</summary>
/// <param name="Channel"><c>sms</c> or <c>email</c>.</param>
/// <param name="Address">The number or address that stopped.</param>
/// <param name="Category">The one category stopped; absent for every warning.</param>
/// <param name="At">When.</param>
public sealed record ExportedOptOutResponse(string Channel, string Address, string? Category, DateTimeOffset At)
{
    public static ExportedOptOutResponse From(OptOutEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(entry.Channel.ToWireName(), entry.Address, entry.Category, entry.At);
    }
}

/// <summary>One warning that reached the enterprise: what it was, what was delivered, who acknowledged.</summary>
public sealed record ExportedWarningResponse(
    string WarningId,
    string Headline,
    string Category,
    string Severity,
    DateTimeOffset AcceptedAt,
    IReadOnlyList<ExportedDeliveryResponse> Deliveries,
    IReadOnlyList<ExportedAcknowledgementResponse> Acknowledgements)
{
    public static ExportedWarningResponse From(ExportedWarning exported)
    {
        ArgumentNullException.ThrowIfNull(exported);
        var warning = exported.Warning;
        return new(
            warning.Id,
            warning.Headline,
            warning.Category,
            warning.Severity.ToString(),
            warning.AcceptedAt,
            [.. exported.Deliveries.Select(ExportedDeliveryResponse.From)],
            [.. exported.Acknowledgements.Select(ExportedAcknowledgementResponse.From)]);
    }
}

/// <summary>One delivery to one of the enterprise's contacts, as its row keeps it.</summary>
/// <param name="Channel"><c>sms</c> or <c>email</c>.</param>
/// <param name="ContactId">The contact.</param>
/// <param name="Address">The number or address it went to, unmasked; <c>(pseudonymised)</c> for a row whose address was replaced by its keyed hash.</param>
/// <param name="Status">Planned, Sending, Sent, Delivered, Failed, Suppressed, ...</param>
/// <param name="StatusAt">When the status was set.</param>
/// <param name="SentAt">When the provider accepted the message.</param>
/// <param name="Provider">The SMS provider or mail server that took it.</param>
/// <param name="Attempts">Transient failures before it.</param>
/// <param name="Reason">The provider's or the sender's reason for a failure or suppression.</param>
public sealed record ExportedDeliveryResponse(
    string Channel,
    string ContactId,
    string Address,
    string Status,
    DateTimeOffset StatusAt,
    DateTimeOffset? SentAt,
    string? Provider,
    int Attempts,
    string? Reason)
{
    public static ExportedDeliveryResponse From(DeliveryRecord row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new(
            row.Channel.ToWireName(),
            row.ContactId,
            AddressPseudonymiser.IsPseudonym(row.Address) ? PersonalDataMask.Pseudonymised : row.Address,
            row.Status.ToString(),
            row.StatusAt,
            row.SentAt,
            row.Provider,
            row.Attempts,
            row.Reason);
    }
}

/// <summary>One acknowledgement of the warning by the enterprise or one of its contacts.</summary>
/// <param name="ContactId">The contact; absent when the enterprise acknowledged without naming one.</param>
/// <param name="Channel">Email, Sms or Api.</param>
/// <param name="At">When.</param>
/// <param name="By">For the API, the principal.</param>
public sealed record ExportedAcknowledgementResponse(string? ContactId, string Channel, DateTimeOffset At, string? By)
{
    public static ExportedAcknowledgementResponse From(Acknowledgement acknowledgement)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        return new(acknowledgement.ContactId, acknowledgement.Channel.ToString(), acknowledgement.At, acknowledgement.By);
    }
}

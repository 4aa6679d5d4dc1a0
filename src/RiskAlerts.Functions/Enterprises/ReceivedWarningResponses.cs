using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries.Received;
using RiskAlerts.Core.Warnings;

namespace RiskAlerts.Functions.Enterprises;

/// <summary>A warning that reached the enterprise.</summary>
/// <param name="WarningId">The warning.</param>
/// <param name="Headline">Its title.</param>
/// <param name="Category">Its category.</param>
/// <param name="Severity">Its severity.</param>
/// <param name="Status">Its status now (a retracted or cancelled one says so).</param>
/// <param name="SentAt">When it was published (accepted, for one never published).</param>
/// <param name="ExpiresAt">When it stops applying.</param>
/// <param name="Acknowledged">Whether the enterprise (or one of its contacts) acknowledged it.</param>
/// <param name="AcknowledgedAt">The first acknowledgement; absent when none.</param>
public sealed record ReceivedWarningResponse(
    string WarningId,
    string Headline,
    string Category,
    Severity Severity,
    WarningStatus Status,
    DateTimeOffset SentAt,
    DateTimeOffset ExpiresAt,
    bool Acknowledged,
    DateTimeOffset? AcknowledgedAt)
{
    /// <summary>The response for a received warning.</summary>
    public static ReceivedWarningResponse From(ReceivedWarning item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var w = item.Warning;
        return new ReceivedWarningResponse(w.Id, w.Headline, w.Category, w.Severity, w.Status, w.PublishedAt ?? w.AcceptedAt, w.ExpiresAt, item.AcknowledgedAt is not null, item.AcknowledgedAt);
    }
}

/// <summary>A page of the warnings that reached an enterprise.</summary>
/// <param name="Uscc">The enterprise.</param>
/// <param name="WarningsSearched">How many of the newest warnings (after the token's) this page looked at.</param>
/// <param name="Items">Those that reached it, newest first.</param>
/// <param name="ContinuationToken">Pass back for the older warnings; absent when none is left.</param>
public sealed record ReceivedWarningListResponse(string Uscc, int WarningsSearched, IReadOnlyList<ReceivedWarningResponse> Items, string? ContinuationToken);

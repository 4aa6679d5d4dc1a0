using System.Text.Json;
using System.Text.Json.Serialization;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Deliveries.Summary;
using RiskAlerts.Core.Enterprises;

namespace RiskAlerts.Functions.Deliveries;

/// <summary>A warning's deliveries: the summary (first page only) and a page of rows.</summary>
/// <param name="WarningId">The warning.</param>
/// <param name="Summary">Totals; present on the first page (no continuation token asked for).</param>
/// <param name="Items">The page's rows, addresses masked.</param>
/// <param name="ContinuationToken">Pass back for the next page; absent on the last.</param>
public sealed record DeliveriesResponse(string WarningId, DeliverySummaryResponse? Summary, IReadOnlyList<DeliveryItemResponse> Items, string? ContinuationToken);

/// <summary>Totals of a warning's deliveries.</summary>
/// <param name="Total">Rows in all.</param>
/// <param name="ByStatus">Rows per status.</param>
/// <param name="ByChannel">Per channel (<c>sms</c>, <c>email</c>), rows per status.</param>
/// <param name="ByPrefecture">Per prefecture code, rows per status.</param>
/// <param name="FirstSentAt">First message accepted by a provider.</param>
/// <param name="LastSentAt">Last message accepted by a provider.</param>
public sealed record DeliverySummaryResponse(
    int Total,
    IReadOnlyDictionary<string, int> ByStatus,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> ByChannel,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> ByPrefecture,
    DateTimeOffset? FirstSentAt,
    DateTimeOffset? LastSentAt)
{
    /// <summary>The response shape of a summary.</summary>
    public static DeliverySummaryResponse From(DeliverySummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new DeliverySummaryResponse(
            summary.Total,
            Names(summary.ByStatus),
            summary.ByChannel.ToDictionary(p => p.Key.ToWireName(), p => (IReadOnlyDictionary<string, int>)Names(p.Value), StringComparer.Ordinal),
            summary.ByPrefecture.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, int>)Names(p.Value), StringComparer.Ordinal),
            summary.FirstSentAt,
            summary.LastSentAt);
    }

    private static Dictionary<string, int> Names(IReadOnlyDictionary<DeliveryStatus, int> counts) =>
        counts.OrderBy(p => p.Key).ToDictionary(p => p.Key.ToString(), p => p.Value, StringComparer.Ordinal);
}

/// <summary>One delivery row, its address masked.</summary>
public sealed record DeliveryItemResponse(
    string Channel,
    string Uscc,
    string ContactId,
    string Address,
    string? County,
    string Status,
    DateTimeOffset StatusAt,
    int Attempts,
    DateTimeOffset? DeferUntil,
    DateTimeOffset? SentAt,
    string? Provider,
    string? ProviderMessageId,
    string? Reason)
{
    /// <summary>The response shape of a row; the address is masked (personal data).</summary>
    public static DeliveryItemResponse From(DeliveryRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new DeliveryItemResponse(
            record.Channel.ToWireName(),
            record.Uscc,
            record.ContactId,
            record.Channel == RiskAlerts.Core.Alerts.Channel.Sms ? PersonalDataMask.MaskPhone(record.Address) : PersonalDataMask.MaskEmail(record.Address),
            record.County,
            record.Status.ToString(),
            record.StatusAt,
            record.Attempts,
            record.DeferUntil,
            record.SentAt,
            record.Provider,
            record.ProviderMessageId,
            record.Reason);
    }
}

/// <summary>Response bodies of the deliveries API, with the options of <see cref="Http.ApiJsonContext"/>.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DeliveriesResponse))]
public sealed partial class DeliveryJsonContext : JsonSerializerContext;

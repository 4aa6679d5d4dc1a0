using System.Text.Json;
using System.Text.Json.Serialization;
using RiskAlerts.Core.Acknowledgements;
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
/// <param name="Acknowledgements">Who acknowledged the warning, by enterprise; present on the first page.</param>
public sealed record DeliveriesResponse(string WarningId, DeliverySummaryResponse? Summary, IReadOnlyList<DeliveryItemResponse> Items, string? ContinuationToken, AcknowledgementSummaryResponse? Acknowledgements = null);

/// <summary>A warning's acknowledgements by enterprise.</summary>
/// <param name="Enterprises">Enterprises the warning reached.</param>
/// <param name="Acknowledged">How many of them acknowledged it.</param>
/// <param name="NotAcknowledged">How many did not (yet).</param>
/// <param name="ByEnterprise">Each enterprise that acknowledged: when first, and each contact's acknowledgement.</param>
/// <param name="NotAcknowledgedEnterprises">The credit codes of the first <see cref="MaxListed"/> enterprises that did not, in code order.</param>
public sealed record AcknowledgementSummaryResponse(
    int Enterprises,
    int Acknowledged,
    int NotAcknowledged,
    IReadOnlyList<EnterpriseAcknowledgementResponse> ByEnterprise,
    IReadOnlyList<string> NotAcknowledgedEnterprises)
{
    /// <summary>The most enterprises listed by name on either side; a province broadcast reaches tens of thousands.</summary>
    public const int MaxListed = 100;

    /// <summary>The response shape of a summary.</summary>
    public static AcknowledgementSummaryResponse From(AcknowledgementSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new AcknowledgementSummaryResponse(
            summary.Enterprises,
            summary.Acknowledged.Count,
            summary.NotAcknowledged.Count,
            [.. summary.Acknowledged.Take(MaxListed).Select(a => new EnterpriseAcknowledgementResponse(
                a.Uscc,
                a.First.At,
                a.First.Channel.ToString().ToLowerInvariant(),
                [.. a.Acknowledgements.Select(c => new ContactAcknowledgementResponse(c.ContactId, c.Channel.ToString().ToLowerInvariant(), c.At))]))],
            [.. summary.NotAcknowledged.Take(MaxListed)]);
    }
}

/// <summary>A warning's acknowledgements alone, without the reach that needs every delivery row read.</summary>
/// <param name="WarningId">The warning.</param>
/// <param name="Acknowledged">How many enterprises acknowledged it.</param>
/// <param name="ByEnterprise">The first <see cref="AcknowledgementSummaryResponse.MaxListed"/> of them, in credit-code order, as the summary lists them.</param>
public sealed record AcknowledgementListResponse(string WarningId, int Acknowledged, IReadOnlyList<EnterpriseAcknowledgementResponse> ByEnterprise)
{
    /// <summary>The response for a warning's acknowledgements.</summary>
    public static AcknowledgementListResponse From(string warningId, IEnumerable<Acknowledgement> acknowledgements)
    {
        var summary = AcknowledgementSummaryResponse.From(AcknowledgementSummary.Of([], acknowledgements));
        return new AcknowledgementListResponse(warningId, summary.Acknowledged, summary.ByEnterprise);
    }
}

/// <summary>One enterprise that acknowledged.</summary>
/// <param name="Uscc">The enterprise.</param>
/// <param name="AcknowledgedAt">Its first acknowledgement.</param>
/// <param name="Channel">How that first one came: <c>email</c>, <c>sms</c> or <c>api</c>.</param>
/// <param name="Contacts">Each acknowledgement, per contact (a null contact is the enterprise itself, by the API).</param>
public sealed record EnterpriseAcknowledgementResponse(string Uscc, DateTimeOffset AcknowledgedAt, string Channel, IReadOnlyList<ContactAcknowledgementResponse> Contacts);

/// <summary>One contact's acknowledgement.</summary>
public sealed record ContactAcknowledgementResponse(string? ContactId, string Channel, DateTimeOffset At);

/// <summary>Totals of a warning's deliveries.</summary>
/// <param name="Total">Rows in all.</param>
/// <param name="Progress">How many got through, failed, were suppressed or are still on their way.</param>
/// <param name="ByStatus">Rows per status.</param>
/// <param name="ByChannel">Per channel (<c>sms</c>, <c>email</c>), rows per status.</param>
/// <param name="ByPrefecture">Per prefecture code, rows per status.</param>
/// <param name="ByProvider">Per provider that handled rows, rows per status.</param>
/// <param name="FirstSentAt">First message accepted by a provider.</param>
/// <param name="LastSentAt">Last message accepted by a provider.</param>
/// <param name="SecondsToFirstSent">From the warning's acceptance to <paramref name="FirstSentAt"/>.</param>
/// <param name="SecondsToLastSent">From the warning's acceptance to <paramref name="LastSentAt"/>.</param>
/// <param name="Timeline">Messages accepted per channel over time, for a chart; null before the first.</param>
public sealed record DeliverySummaryResponse(
    int Total,
    DeliveryTallyResponse Progress,
    IReadOnlyDictionary<string, int> ByStatus,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> ByChannel,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> ByPrefecture,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> ByProvider,
    DateTimeOffset? FirstSentAt,
    DateTimeOffset? LastSentAt,
    double? SecondsToFirstSent,
    double? SecondsToLastSent,
    DeliveryTimelineResponse? Timeline = null)
{
    /// <summary>The response shape of a summary of a warning accepted at <paramref name="acceptedAt"/>.</summary>
    public static DeliverySummaryResponse From(DeliverySummary summary, DateTimeOffset acceptedAt)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new DeliverySummaryResponse(
            summary.Total,
            DeliveryTallyResponse.From(DeliveryTally.Of(summary.ByStatus)),
            Names(summary.ByStatus),
            summary.ByChannel.ToDictionary(p => p.Key.ToWireName(), p => (IReadOnlyDictionary<string, int>)Names(p.Value), StringComparer.Ordinal),
            summary.ByPrefecture.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, int>)Names(p.Value), StringComparer.Ordinal),
            summary.ByProvider.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, int>)Names(p.Value), StringComparer.Ordinal),
            summary.FirstSentAt,
            summary.LastSentAt,
            SecondsSince(acceptedAt, summary.FirstSentAt),
            SecondsSince(acceptedAt, summary.LastSentAt),
            summary.Timeline is { } timeline
                ? new DeliveryTimelineResponse(timeline.StartAt, SecondsSince(acceptedAt, timeline.StartAt) ?? 0, timeline.BucketSeconds, timeline.ByChannel.ToDictionary(p => p.Key.ToWireName(), p => p.Value, StringComparer.Ordinal))
                : null);
    }

    /// <summary>Seconds from <paramref name="from"/> to <paramref name="to"/>, to the millisecond; null without an end.</summary>
    public static double? SecondsSince(DateTimeOffset from, DateTimeOffset? to) =>
        to is { } end ? Math.Round((end - from).TotalSeconds, 3) : null;

    private static Dictionary<string, int> Names(IReadOnlyDictionary<DeliveryStatus, int> counts) =>
        counts.OrderBy(p => p.Key).ToDictionary(p => p.Key.ToString(), p => p.Value, StringComparer.Ordinal);
}

/// <summary>Deliveries folded into outcomes (see <see cref="DeliveryTally"/>).</summary>
/// <param name="Total">Rows in all.</param>
/// <param name="Succeeded">Sent or delivered.</param>
/// <param name="Failed">Failed, undelivered or expired.</param>
/// <param name="Suppressed">Deliberately not sent (opt-out, daily cap).</param>
/// <param name="Pending">Planned or being sent.</param>
/// <param name="PercentSettled">Rows no longer pending, as a whole percentage rounded down.</param>
/// <param name="SuccessRate">Succeeded over succeeded plus failed, 0 to 1; absent while neither has happened.</param>
/// <param name="Unknown">In flight when their sender stopped, at a provider that cannot be asked twice: shown apart from failures until a receipt tells.</param>
public sealed record DeliveryTallyResponse(int Total, int Succeeded, int Failed, int Suppressed, int Pending, int PercentSettled, double? SuccessRate, int Unknown)
{
    /// <summary>The response shape of a tally.</summary>
    public static DeliveryTallyResponse From(DeliveryTally tally) =>
        new(tally.Total, tally.Succeeded, tally.Failed, tally.Suppressed, tally.Pending, tally.PercentSettled, tally.SuccessRate is { } rate ? Math.Round(rate, 4) : null, tally.Unknown);
}

/// <summary>One delivery row, its address masked; <c>enterpriseName</c> as it was when the warning was planned (absent on rows planned before names were carried); <c>followsEarlier</c> marks a correction or cancellation to a recipient of an earlier version.</summary>
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
    string? Reason,
    string? EnterpriseName = null,
    bool FollowsEarlier = false)
{
    /// <summary>The response shape of a row; the address is masked (personal data).</summary>
    public static DeliveryItemResponse From(DeliveryRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new DeliveryItemResponse(
            record.Channel.ToWireName(),
            record.Uscc,
            record.ContactId,
            PersonalDataMask.MaskAddress(record.Channel, record.Address),
            record.County,
            record.Status.ToString(),
            record.StatusAt,
            record.Attempts,
            record.DeferUntil,
            record.SentAt,
            record.Provider,
            record.ProviderMessageId,
            record.Reason,
            record.EnterpriseName,
            record.FollowsEarlier);
    }
}

/// <summary>Response bodies of the deliveries API, with the options of <see cref="Http.ApiJsonContext"/>.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DeliveriesResponse))]
[JsonSerializable(typeof(AcknowledgementListResponse))]
public sealed partial class DeliveryJsonContext : JsonSerializerContext;

/// <summary>When a warning's messages were accepted by their providers, per channel, in equal time buckets.</summary>
/// <param name="StartAt">The first acceptance: the start of the first bucket.</param>
/// <param name="SecondsFromAcceptance">How long after the warning was accepted the first bucket starts.</param>
/// <param name="BucketSeconds">The length of each bucket in seconds (a broadcast has at most 120 buckets).</param>
/// <param name="ByChannel">Per channel, the messages accepted in each bucket; every list has the same length.</param>
public sealed record DeliveryTimelineResponse(DateTimeOffset StartAt, double SecondsFromAcceptance, int BucketSeconds, IReadOnlyDictionary<string, IReadOnlyList<int>> ByChannel);

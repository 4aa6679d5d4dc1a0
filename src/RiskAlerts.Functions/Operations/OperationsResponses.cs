using System.Text.Json;
using System.Text.Json.Serialization;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Operations.Audit;
using RiskAlerts.Core.Operations.Lookup;
using RiskAlerts.Core.Operations.Overview;
using RiskAlerts.Core.Operations.Pauses;
using RiskAlerts.Functions.Deliveries;

namespace RiskAlerts.Functions.Operations;

/// <summary>The operations overview.</summary>
/// <param name="Since">Start of the window.</param>
/// <param name="At">When it was taken.</param>
/// <param name="WarningsInWindow">Warnings accepted in the window that the caller may see.</param>
/// <param name="Warnings">The most recent of them, newest first, with their progress.</param>
/// <param name="ByChannel">Deliveries of the listed warnings per channel.</param>
/// <param name="ByProvider">Deliveries of the listed warnings per provider.</param>
/// <param name="Backlog">Messages waiting per Service Bus entity (operators and admins only).</param>
/// <param name="BacklogError">Why the backlog is missing, when it could not be read.</param>
/// <param name="Pauses">The pauses in force and the channels they stop.</param>
public sealed record OperationsOverviewResponse(
    DateTimeOffset Since,
    DateTimeOffset At,
    int WarningsInWindow,
    IReadOnlyList<WarningProgressResponse> Warnings,
    IReadOnlyDictionary<string, DeliveryTallyResponse> ByChannel,
    IReadOnlyDictionary<string, DeliveryTallyResponse> ByProvider,
    IReadOnlyList<EntityBacklogResponse>? Backlog,
    string? BacklogError,
    ChannelPauseListResponse Pauses)
{
    /// <summary>The response shape of an overview.</summary>
    public static OperationsOverviewResponse From(OperationsOverview overview, PauseTargetCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(overview);
        return new OperationsOverviewResponse(
            overview.Since,
            overview.At,
            overview.WarningsInWindow,
            [.. overview.Warnings.Select(WarningProgressResponse.From)],
            overview.ByChannel.OrderBy(p => p.Key).ToDictionary(p => p.Key.ToWireName(), p => DeliveryTallyResponse.From(p.Value), StringComparer.Ordinal),
            overview.ByProvider.ToDictionary(p => p.Key, p => DeliveryTallyResponse.From(p.Value), StringComparer.Ordinal),
            overview.Backlog?.Select(b => new EntityBacklogResponse(b.Entity, b.Active, b.Scheduled, b.DeadLetter)).ToList(),
            overview.BacklogError,
            ChannelPauseListResponse.From(overview.Pauses, catalog));
    }
}

/// <summary>One warning of the overview; <c>capStatus</c> Exercise or Test marks a rehearsal, left out of the totals by channel and provider.</summary>
public sealed record WarningProgressResponse(
    string Id,
    string Headline,
    string Category,
    string Severity,
    string Status,
    DateTimeOffset AcceptedAt,
    string SubmittedBy,
    DeliveryTallyResponse Progress,
    DateTimeOffset? FirstSentAt,
    DateTimeOffset? LastSentAt,
    double? SecondsToFirstSent,
    double? SecondsToLastSent,
    int Enterprises,
    int EnterprisesAcknowledged,
    string CapStatus)
{
    /// <summary>The response shape of a warning's progress.</summary>
    public static WarningProgressResponse From(WarningProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var warning = progress.Warning;
        return new WarningProgressResponse(
            warning.Id,
            warning.Headline,
            warning.Category,
            warning.Severity.ToString(),
            warning.Status.ToString(),
            warning.AcceptedAt,
            warning.SubmittedBy,
            DeliveryTallyResponse.From(progress.Tally),
            progress.FirstSentAt,
            progress.LastSentAt,
            DeliverySummaryResponse.SecondsSince(warning.AcceptedAt, progress.FirstSentAt),
            DeliverySummaryResponse.SecondsSince(warning.AcceptedAt, progress.LastSentAt),
            progress.Enterprises,
            progress.EnterprisesAcknowledged,
            warning.CapStatus.ToString());
    }
}

/// <summary>Messages waiting in one Service Bus entity.</summary>
public sealed record EntityBacklogResponse(string Entity, long Active, long Scheduled, long DeadLetter);

/// <summary>Body of a lookup: exactly one of the phone number, the email address and an enterprise's contact.</summary>
/// <param name="Phone">A phone number in any form libphonenumber reads (China by default).</param>
/// <param name="Email">An email address.</param>
/// <param name="Days">Days of warnings to search, 1 to 31; 7 when absent.</param>
/// <param name="Contact">An enterprise's contact and channel, whose address the registry holds (what an operator who sees contacts masked looks up by).</param>
public sealed record AddressLookupRequest(string? Phone, string? Email, int? Days, ContactAddressRequest? Contact = null);

/// <summary>An enterprise's contact on one channel.</summary>
/// <param name="Uscc">The enterprise's credit code.</param>
/// <param name="ContactId">The contact's id.</param>
/// <param name="Channel"><c>sms</c> or <c>email</c>.</param>
public sealed record ContactAddressRequest(string? Uscc, string? ContactId, string? Channel);

/// <summary>Deliveries to one address; the address is shown masked.</summary>
/// <param name="Address">The address looked up, masked.</param>
/// <param name="Channel"><c>sms</c> or <c>email</c>.</param>
/// <param name="Since">Warnings accepted from then on were searched.</param>
/// <param name="WarningsSearched">How many warnings were searched.</param>
/// <param name="Items">The deliveries, newest warning first.</param>
public sealed record AddressLookupResponse(string Address, string Channel, DateTimeOffset Since, int WarningsSearched, IReadOnlyList<AddressDeliveryResponse> Items)
{
    /// <summary>The response shape of a lookup.</summary>
    public static AddressLookupResponse From(AddressLookupResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new AddressLookupResponse(
            result.MaskedAddress,
            result.Channel.ToWireName(),
            result.Since,
            result.WarningsSearched,
            [.. result.Deliveries.Select(d => new AddressDeliveryResponse(d.Warning.Id, d.Warning.Headline, d.Warning.AcceptedAt, DeliveryItemResponse.From(d.Delivery)))]);
    }
}

/// <summary>One delivery to the address looked up, with its warning.</summary>
public sealed record AddressDeliveryResponse(string WarningId, string Headline, DateTimeOffset AcceptedAt, DeliveryItemResponse Delivery);

/// <summary>A day of the operators' audit trail, newest first.</summary>
public sealed record AuditTrailResponse(DateOnly Day, IReadOnlyList<AuditEntryResponse> Items);

/// <summary>One audit entry.</summary>
public sealed record AuditEntryResponse(DateTimeOffset At, string Actor, string Action, string Target, string? Detail)
{
    /// <summary>The response shape of an entry.</summary>
    public static AuditEntryResponse From(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new AuditEntryResponse(entry.At, entry.Actor, entry.Action, entry.Target, entry.Detail);
    }
}

/// <summary>Response bodies of the operations API, with the options of <see cref="Http.ApiJsonContext"/>.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OperationsOverviewResponse))]
[JsonSerializable(typeof(AddressLookupRequest))]
[JsonSerializable(typeof(AddressLookupResponse))]
[JsonSerializable(typeof(AuditTrailResponse))]
public sealed partial class OperationsJsonContext : JsonSerializerContext;

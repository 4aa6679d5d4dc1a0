using System.Text.Json;
using System.Text.Json.Serialization;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Warnings.Evidence;
using RiskAlerts.Functions.Warnings;

namespace RiskAlerts.Functions.Evidence;

/// <summary>
/// A warning's evidence as JSON. It is written out as a stream (recipients page by page), in this
/// shape; the type is the contract the OpenAPI document publishes and clients read it into.
/// </summary>
/// <param name="WarningId">The warning.</param>
/// <param name="Format">The evidence format and its version (<see cref="EvidenceCsv.FormatName"/>).</param>
/// <param name="Versions">The warning as submitted, then each later version.</param>
/// <param name="Digest">The SHA-256 of the same evidence in its canonical CSV form.</param>
public sealed record WarningEvidenceResponse(string WarningId, string Format, IReadOnlyList<EvidenceVersionResponse> Versions, EvidenceDigestResponse Digest);

/// <summary>One version of the warning.</summary>
/// <param name="MsgType">CAP <c>msgType</c>: <c>Alert</c> for the warning as submitted.</param>
/// <param name="Warning">The version as stored; its <c>trail</c> says who submitted, approved or retracted it and when.</param>
/// <param name="Texts">The rendered SMS text and email subject.</param>
/// <param name="Recipients">Every Deliveries row in key order, addresses masked.</param>
/// <param name="Counts">Rows per channel and status, counted from <paramref name="Recipients"/>.</param>
public sealed record EvidenceVersionResponse(string MsgType, WarningResponse Warning, IReadOnlyList<EvidenceTextResponse> Texts, IReadOnlyList<EvidenceRecipientResponse> Recipients, IReadOnlyList<EvidenceCountResponse> Counts);

/// <summary>What one channel's message said.</summary>
/// <param name="Channel"><c>sms</c> or <c>email</c>.</param>
/// <param name="Part"><c>text</c> (the whole SMS) or <c>subject</c>.</param>
/// <param name="Value">As rendered for sending.</param>
public sealed record EvidenceTextResponse(string Channel, string Part, string Value)
{
    public static EvidenceTextResponse From(EvidenceText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(text.Channel.ToWireName(), text.Part, text.Value);
    }
}

/// <summary>Rows of one channel in one status.</summary>
public sealed record EvidenceCountResponse(string Channel, string Status, int Count)
{
    public static EvidenceCountResponse From(EvidenceCount count)
    {
        ArgumentNullException.ThrowIfNull(count);
        return new(count.Channel.ToWireName(), count.Status.ToString(), count.Count);
    }
}

/// <summary>
/// One recipient as the Deliveries row keeps it: the present status and when it was set, when the
/// provider accepted the message, until when quiet hours held it, how many transient failures it had,
/// and the receipt (for SMS) when one came. Earlier intermediate statuses are not kept.
/// </summary>
public sealed record EvidenceRecipientResponse(
    string Channel,
    string Uscc,
    string ContactId,
    string Address,
    string? County,
    string Status,
    DateTimeOffset StatusAt,
    DateTimeOffset? SentAt,
    DateTimeOffset? DeferUntil,
    int Attempts,
    string? Provider,
    string? ProviderMessageId,
    string? Receipt,
    DateTimeOffset? ReceiptAt,
    string? Reason)
{
    public static EvidenceRecipientResponse From(EvidenceRecipient r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new(r.Channel.ToWireName(), r.Uscc, r.ContactId, r.MaskedAddress, r.County, r.Status.ToString(), r.StatusAt, r.SentAt, r.DeferUntil, r.Attempts, r.Provider, r.ProviderMessageId, r.Receipt, r.ReceiptAt, r.Reason);
    }
}

/// <summary>The digest of the evidence.</summary>
/// <param name="Algorithm"><c>SHA-256</c>.</param>
/// <param name="Value">Lower-case hex.</param>
/// <param name="Of">What is hashed: the CSV form's body, as the README's evidence section defines it.</param>
public sealed record EvidenceDigestResponse(string Algorithm, string Value, string Of);

/// <summary>The evidence bodies, with the options of <see cref="Http.ApiJsonContext"/>.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WarningEvidenceResponse))]
public sealed partial class EvidenceJsonContext : JsonSerializerContext;

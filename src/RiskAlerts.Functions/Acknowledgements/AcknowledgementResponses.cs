using System.Text.Json;
using System.Text.Json.Serialization;
using RiskAlerts.Core.Acknowledgements;

namespace RiskAlerts.Functions.Acknowledgements;

/// <summary>Body of <c>POST /api/warnings/{id}/acknowledgements</c>.</summary>
/// <param name="ContactId">The contact who read the warning; the enterprise itself when left out.</param>
public sealed record AcknowledgeRequest(string? ContactId);

/// <summary>An acknowledgement as the API shows it.</summary>
/// <param name="WarningId">The warning.</param>
/// <param name="Uscc">The enterprise.</param>
/// <param name="ContactId">The contact; null for the enterprise itself.</param>
/// <param name="Channel"><c>email</c>, <c>sms</c> or <c>api</c>.</param>
/// <param name="At">When it was recorded (the first time).</param>
/// <param name="Recorded">True when this request recorded it; false when it had been before.</param>
public sealed record AcknowledgementResponse(string WarningId, string Uscc, string? ContactId, string Channel, DateTimeOffset At, bool? Recorded = null)
{
    /// <summary>The response for an acknowledgement.</summary>
    public static AcknowledgementResponse From(Acknowledgement acknowledgement, bool? recorded = null)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        return new AcknowledgementResponse(acknowledgement.WarningId, acknowledgement.Uscc, acknowledgement.ContactId, acknowledgement.Channel.ToString().ToLowerInvariant(), acknowledgement.At, recorded);
    }
}

/// <summary>Acknowledgement bodies, with the options of <see cref="Http.ApiJsonContext"/>.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AcknowledgeRequest))]
[JsonSerializable(typeof(AcknowledgementResponse))]
public sealed partial class AcknowledgementJsonContext : JsonSerializerContext;

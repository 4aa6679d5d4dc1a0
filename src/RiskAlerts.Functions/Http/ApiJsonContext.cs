using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using RiskAlerts.Core.Warnings.Submit;
using RiskAlerts.Functions.Health;
using RiskAlerts.Functions.Operations;
using RiskAlerts.Functions.Signals;
using RiskAlerts.Functions.Warnings;

namespace RiskAlerts.Functions.Http;

/// <summary>
/// Every request and response body of the HTTP API. Unknown members are refused, so a
/// misspelt field is an error the caller sees rather than a value silently dropped.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(Console.CatalogResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(DeadLetterResponse))]
[JsonSerializable(typeof(DeadLetterListResponse))]
[JsonSerializable(typeof(DeadLetterActionResponse))]
[JsonSerializable(typeof(DiscardDeadLetterRequest))]
[JsonSerializable(typeof(ChannelPauseResponse))]
[JsonSerializable(typeof(ChannelPauseListResponse))]
[JsonSerializable(typeof(PauseRequest))]
[JsonSerializable(typeof(ResumeResponse))]
[JsonSerializable(typeof(SubmitWarningCommand))]
[JsonSerializable(typeof(WarningResponse))]
[JsonSerializable(typeof(WarningListResponse))]
[JsonSerializable(typeof(RetractWarningRequest))]
[JsonSerializable(typeof(CancelWarningRequest))]
[JsonSerializable(typeof(WarningDecisionRequest))]
[JsonSerializable(typeof(AudiencePreviewResponse))]
[JsonSerializable(typeof(SignalBatchRequest))]
[JsonSerializable(typeof(SignalBatchResponse))]
public sealed partial class ApiJsonContext : JsonSerializerContext;

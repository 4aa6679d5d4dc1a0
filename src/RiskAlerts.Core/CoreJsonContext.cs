using System.Text.Json;
using System.Text.Json.Serialization;
using RiskAlerts.Core.Warnings.Submit;

namespace RiskAlerts.Core;

/// <summary>Serialisation the application layer itself needs (request fingerprints).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SubmitWarningCommand))]
[JsonSerializable(typeof(RiskAlerts.Core.Warnings.FollowUp.FollowUpRequest))]
internal sealed partial class CoreJsonContext : JsonSerializerContext;

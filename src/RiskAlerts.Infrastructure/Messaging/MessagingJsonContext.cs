using System.Text.Json;
using System.Text.Json.Serialization;

namespace RiskAlerts.Infrastructure.Messaging;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WarningQueueMessage))]
[JsonSerializable(typeof(VerificationQueueMessage))]
[JsonSerializable(typeof(RiskAlerts.Core.Deliveries.Escalation.EscalationBatch))]
internal sealed partial class MessagingJsonContext : JsonSerializerContext;

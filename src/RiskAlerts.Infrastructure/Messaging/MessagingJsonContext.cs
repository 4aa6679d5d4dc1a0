using System.Text.Json;
using System.Text.Json.Serialization;

namespace RiskAlerts.Infrastructure.Messaging;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WarningQueueMessage))]
internal sealed partial class MessagingJsonContext : JsonSerializerContext;

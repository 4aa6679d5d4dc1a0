using System.Text.Json;
using System.Text.Json.Serialization;

namespace RiskAlerts.Infrastructure.Storage;

/// <summary>JSON columns of table rows.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(StoredTargeting))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;

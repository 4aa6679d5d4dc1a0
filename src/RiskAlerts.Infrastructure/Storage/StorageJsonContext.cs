using System.Text.Json;
using System.Text.Json.Serialization;

namespace RiskAlerts.Infrastructure.Storage;

/// <summary>JSON columns of table rows.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(StoredTargeting))]
[JsonSerializable(typeof(RiskAlerts.Core.Warnings.WarningStep[]))]
[JsonSerializable(typeof(RiskAlerts.Core.Warnings.WarningReference[]))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;

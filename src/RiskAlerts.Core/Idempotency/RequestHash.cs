using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace RiskAlerts.Core.Idempotency;

/// <summary>A stable fingerprint of a parsed request: equal requests, equal hashes, whatever their JSON layout.</summary>
public static class RequestHash
{
    public static string Of<T>(T request, JsonTypeInfo<T> typeInfo) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, typeInfo)));
}

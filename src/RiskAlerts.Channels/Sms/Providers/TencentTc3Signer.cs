using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RiskAlerts.Channels.Sms.Providers;

/// <summary>
/// Tencent Cloud API 3.0 signature TC3-HMAC-SHA256: a canonical request (method, URI <c>/</c>,
/// query, the signed headers <c>content-type</c> and <c>host</c>, the payload's SHA-256), a
/// string to sign (algorithm, timestamp, <c>{date}/{service}/tc3_request</c>, the canonical
/// request's SHA-256), and a key derived as HMAC chains <c>"TC3"+secret → date → service → tc3_request</c>.
/// </summary>
internal static class TencentTc3Signer
{
    public const string Algorithm = "TC3-HMAC-SHA256";
    public const string SignedHeaders = "content-type;host";

    /// <summary>Signs a request and returns every intermediate, for tests against the documented example.</summary>
    public static Tc3Signature Sign(
        string secretId,
        string secretKey,
        string service,
        string host,
        string contentType,
        string payload,
        long timestamp,
        string httpMethod = "POST",
        string canonicalQuery = "")
    {
        // The date is the UTC date of the timestamp; a local date breaks signing around midnight.
        var date = DateTimeOffset.FromUnixTimeSeconds(timestamp).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var canonicalHeaders = $"content-type:{contentType.ToLowerInvariant()}\nhost:{host.ToLowerInvariant()}\n";
        var canonicalRequest = string.Join('\n', httpMethod, "/", canonicalQuery, canonicalHeaders, SignedHeaders, Sha256Hex(payload));
        var credentialScope = $"{date}/{service}/tc3_request";
        var stringToSign = string.Join('\n', Algorithm, timestamp.ToString(CultureInfo.InvariantCulture), credentialScope, Sha256Hex(canonicalRequest));

        var secretDate = Hmac(Encoding.UTF8.GetBytes("TC3" + secretKey), date);
        var secretService = Hmac(secretDate, service);
        var secretSigning = Hmac(secretService, "tc3_request");
        var signature = Convert.ToHexStringLower(Hmac(secretSigning, stringToSign));

        var authorization = $"{Algorithm} Credential={secretId}/{credentialScope}, SignedHeaders={SignedHeaders}, Signature={signature}";
        return new Tc3Signature(canonicalRequest, stringToSign, signature, authorization);
    }

    public static string Sha256Hex(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static byte[] Hmac(byte[] key, string message) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(message));
}

internal sealed record Tc3Signature(string CanonicalRequest, string StringToSign, string Signature, string Authorization);

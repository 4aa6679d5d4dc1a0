using System.Security.Cryptography;
using System.Text;

namespace RiskAlerts.Channels.Sms.Providers;

/// <summary>
/// Aliyun's RPC-style request signature (signature version 1.0, HMAC-SHA1): parameters sorted by
/// name, each name and value percent-encoded (RFC 3986 unreserved characters kept, space as
/// <c>%20</c>), joined into a canonical query, which is encoded once more into
/// <c>{METHOD}&amp;%2F&amp;{query}</c> and signed with <c>{AccessKeySecret}&amp;</c>.
/// </summary>
internal static class AliyunRpcSigner
{
    /// <summary>Percent-encodes as Aliyun requires: UTF-8, upper-case hex, only <c>A-Z a-z 0-9 - _ . ~</c> kept.</summary>
    public static string PercentEncode(string value)
    {
        var builder = new StringBuilder(value.Length * 2);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>The canonicalised query: encoded pairs sorted by name (ordinal), <c>Signature</c> excluded.</summary>
    public static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters
            .Where(p => p.Key != "Signature")
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => PercentEncode(p.Key) + "=" + PercentEncode(p.Value)));

    /// <summary>The string that is signed.</summary>
    public static string StringToSign(string httpMethod, IEnumerable<KeyValuePair<string, string>> parameters) =>
        httpMethod + "&" + PercentEncode("/") + "&" + PercentEncode(CanonicalQuery(parameters));

    /// <summary>Base64 of HMAC-SHA1 over the string to sign, keyed with the secret plus <c>&amp;</c>.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "Aliyun's signature version 1.0 is defined as HMAC-SHA1; the server accepts nothing else.")]
    public static string Sign(string httpMethod, IEnumerable<KeyValuePair<string, string>> parameters, string accessKeySecret)
    {
        var key = Encoding.UTF8.GetBytes(accessKeySecret + "&");
        var data = Encoding.UTF8.GetBytes(StringToSign(httpMethod, parameters));
        return Convert.ToBase64String(HMACSHA1.HashData(key, data));
    }
}

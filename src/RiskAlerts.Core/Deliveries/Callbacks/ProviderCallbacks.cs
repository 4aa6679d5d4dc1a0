using System.Globalization;
using System.Text.Json;
using RiskAlerts.Core.Deliveries.Receipts;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Replies;

namespace RiskAlerts.Core.Deliveries.Callbacks;

/// <summary>How a provider's receipt and reply callbacks are written.</summary>
public enum CallbackFormat
{
    /// <summary>The generic gateway's <c>{receipts:[...]}</c> and <c>{replies:[...]}</c> (the local stand-in's).</summary>
    Generic,

    /// <summary>Aliyun's HTTP batch push: JSON arrays of <c>SmsReport</c> and <c>SmsUp</c>.</summary>
    Aliyun,

    /// <summary>Tencent Cloud SMS: the status callback's array and the reply callback's object.</summary>
    Tencent,
}

/// <summary>A receipt with the correlation reference it carried (Aliyun's <c>out_id</c>); null when the format carries none.</summary>
public sealed record ReferencedReceipt(string? Reference, SmsReceipt Receipt);

/// <summary>What a provider's callback body held: what was understood, and how many entries were not.</summary>
/// <typeparam name="T">Receipts or replies.</typeparam>
/// <param name="Items">The entries understood.</param>
/// <param name="Skipped">Entries without what is needed (a number, a message id, a text): nothing can be done with them.</param>
public sealed record ParsedCallback<T>(IReadOnlyList<T> Items, int Skipped);

/// <summary>
/// Reads the receipt (status report) and reply (upstream SMS) callbacks of Aliyun and Tencent Cloud in
/// their documented JSON shapes, and answers them as each expects. Unknown fields are ignored (providers
/// add fields); an entry without a number or id is skipped, not refused, since refusing the body would
/// make the provider push the whole batch again. Numbers come national (Aliyun) or split into
/// <c>nationcode</c> and <c>mobile</c> (Tencent) and are normalised to E.164; times are China time.
/// </summary>
/// <remarks>
/// Aliyun: <see href="https://help.aliyun.com/document_detail/101867.html">SmsReport</see> (HTTP batch push,
/// answered <c>{"code":0,"msg":"接收成功"}</c>) and SmsUp. Tencent Cloud:
/// <see href="https://www.tencentcloud.com/document/product/382/43547">SMS sending status notification</see> and
/// <see href="https://intl.cloud.tencent.com/document/api/382/43548">SMS reply</see>, answered <c>{"result":0,"errmsg":"OK"}</c>.
/// </remarks>
public static class ProviderCallbacks
{
    private static readonly TimeSpan ChinaTime = TimeSpan.FromHours(8);

    /// <summary>The body a provider expects when its callback was taken.</summary>
    public static string SuccessBody(CallbackFormat format) => format switch
    {
        CallbackFormat.Aliyun => """{"code":0,"msg":"接收成功"}""",
        CallbackFormat.Tencent => """{"result":0,"errmsg":"OK"}""",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "The generic format answers with its own outcome."),
    };

    /// <summary>The receipts of an Aliyun <c>SmsReport</c> push or a Tencent status callback.</summary>
    /// <exception cref="JsonException">The body is not JSON.</exception>
    public static ParsedCallback<ReferencedReceipt> ParseReceipts(CallbackFormat format, ReadOnlySpan<byte> body) => format switch
    {
        CallbackFormat.Aliyun => Parse(body, AliyunReceipt),
        CallbackFormat.Tencent => Parse(body, TencentReceipt),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Generic receipts are read by their own model."),
    };

    /// <summary>The replies of an Aliyun <c>SmsUp</c> push or a Tencent reply callback.</summary>
    /// <exception cref="JsonException">The body is not JSON.</exception>
    public static ParsedCallback<SmsReply> ParseReplies(CallbackFormat format, ReadOnlySpan<byte> body) => format switch
    {
        CallbackFormat.Aliyun => Parse(body, e => Reply(Phone(String(e, "phone_number"), null), String(e, "content"), ChinaTimeOf(String(e, "send_time")))),
        CallbackFormat.Tencent => Parse(body, e => Reply(Phone(String(e, "mobile"), String(e, "nationcode")), String(e, "text"), UnixTimeOf(e, "time"))),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Generic replies are read by their own model."),
    };

    /// <summary>Every entry read by <paramref name="read"/>; those it cannot read (null) are counted as skipped.</summary>
    private static ParsedCallback<T> Parse<T>(ReadOnlySpan<byte> body, Func<JsonElement, T?> read)
        where T : class
    {
        using var document = JsonDocument.Parse(body.ToArray());
        var items = new List<T>();
        var skipped = 0;
        foreach (var entry in Entries(document.RootElement))
        {
            if (read(entry) is { } item)
            {
                items.Add(item);
            }
            else
            {
                skipped++;
            }
        }

        return new ParsedCallback<T>(items, skipped);
    }

    private static ReferencedReceipt? AliyunReceipt(JsonElement entry)
    {
        var phone = Phone(String(entry, "phone_number"), null);
        var messageId = String(entry, "biz_id");
        if (phone is null || string.IsNullOrEmpty(messageId) || entry.ValueKind != JsonValueKind.Object
            || !entry.TryGetProperty("success", out var success) || success.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return null;
        }

        var receipt = new SmsReceipt(messageId, phone, success.GetBoolean(), String(entry, "err_code"), ChinaTimeOf(String(entry, "report_time")));
        return new ReferencedReceipt(NullIfEmpty(String(entry, "out_id")), receipt);
    }

    private static ReferencedReceipt? TencentReceipt(JsonElement entry)
    {
        var phone = Phone(String(entry, "mobile"), String(entry, "nationcode"));
        var messageId = String(entry, "sid");
        var status = String(entry, "report_status");
        if (phone is null || string.IsNullOrEmpty(messageId) || status is not ("SUCCESS" or "FAIL"))
        {
            return null;
        }

        // The status callback carries no SessionContext: Tencent receipts have no reference.
        return new ReferencedReceipt(null, new SmsReceipt(messageId, phone, status == "SUCCESS", String(entry, "errmsg"), ChinaTimeOf(String(entry, "user_receive_time"))));
    }

    private static SmsReply? Reply(string? phone, string? text, DateTimeOffset receivedAt) =>
        phone is null || text is null ? null : new SmsReply(phone, text, receivedAt);

    /// <summary>An array's elements, or a lone object as one element.</summary>
    private static JsonElement[] Entries(JsonElement root) => root.ValueKind switch
    {
        JsonValueKind.Array => [.. root.EnumerateArray()],
        JsonValueKind.Object => [root],
        _ => [],
    };

    private static string? String(JsonElement entry, string name) =>
        entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    /// <summary>E.164 from a national number (China by default) or a country code and national number.</summary>
    private static string? Phone(string? number, string? countryCode)
    {
        if (string.IsNullOrWhiteSpace(number))
        {
            return null;
        }

        var text = string.IsNullOrWhiteSpace(countryCode) ? number : "+" + countryCode.Trim().TrimStart('+') + number.Trim();
        return PhoneNumberNormalizer.TryNormalize(text, out var e164, out _) ? e164 : null;
    }

    private static DateTimeOffset ChinaTimeOf(string? text) =>
        DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, ChinaTime)
            : DateTimeOffset.MinValue;

    private static DateTimeOffset UnixTimeOf(JsonElement entry, string name) =>
        entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty(name, out var value) && value.TryGetInt64(out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.MinValue;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

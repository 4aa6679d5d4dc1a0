using System.Text.Json.Serialization;

namespace RiskAlerts.LocalChannels.Sms;

/// <summary>A message the local gateway accepted.</summary>
/// <param name="MessageId">The id the gateway answered with, and that receipts carry.</param>
/// <param name="Phone">The number, E.164.</param>
/// <param name="Text">The text as received.</param>
/// <param name="Signature">The signature the batch named.</param>
/// <param name="ReceivedAt">When the gateway accepted it.</param>
public sealed record RecordedSms(
    [property: JsonPropertyName("messageId")] string MessageId,
    [property: JsonPropertyName("phone")] string Phone,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("signature")] string Signature,
    [property: JsonPropertyName("receivedAt")] DateTimeOffset ReceivedAt);

/// <summary>A batch request as the gateway saw it, whatever it answered.</summary>
/// <param name="PhoneCount">Numbers in the request.</param>
/// <param name="StatusCode">The HTTP status answered (0 when the connection was closed).</param>
/// <param name="ReceivedAt">When it arrived.</param>
public sealed record RecordedSmsRequest(int PhoneCount, int StatusCode, DateTimeOffset ReceivedAt);

/// <summary>A delivery receipt, as posted to a batch's callback URL.</summary>
/// <param name="MessageId">The message's id.</param>
/// <param name="Phone">The number.</param>
/// <param name="Status"><c>delivered</c> or <c>undelivered</c>.</param>
/// <param name="Code">The carrier code: <c>DELIVRD</c>, or why not.</param>
/// <param name="DeliveredAt">When the carrier reported it.</param>
public sealed record SmsDeliveryReceipt(
    [property: JsonPropertyName("messageId")] string MessageId,
    [property: JsonPropertyName("phone")] string Phone,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("deliveredAt")] DateTimeOffset DeliveredAt);

/// <summary>The body of a receipt callback: <c>{receipts:[...]}</c>.</summary>
/// <param name="Receipts">The receipts.</param>
public sealed record SmsDeliveryReceiptBatch([property: JsonPropertyName("receipts")] IReadOnlyList<SmsDeliveryReceipt> Receipts);

/// <summary>A reply from a phone, as posted to the reply callback.</summary>
/// <param name="Phone">The number it came from.</param>
/// <param name="Text">What was written.</param>
/// <param name="ReceivedAt">When the gateway received it.</param>
public sealed record SmsReplyMessage(
    [property: JsonPropertyName("phone")] string Phone,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("receivedAt")] DateTimeOffset ReceivedAt);

/// <summary>The body of a reply callback: <c>{replies:[...]}</c>.</summary>
/// <param name="Replies">The replies.</param>
public sealed record SmsReplyBatch([property: JsonPropertyName("replies")] IReadOnlyList<SmsReplyMessage> Replies);

internal sealed record BatchRequest(
    [property: JsonPropertyName("signature")] string? Signature,
    [property: JsonPropertyName("text")] string? Text,
    [property: JsonPropertyName("phones")] IReadOnlyList<string>? Phones,
    [property: JsonPropertyName("callbackUrl")] string? CallbackUrl,
    [property: JsonPropertyName("requestId")] string? RequestId = null);

internal sealed record BatchResult(
    [property: JsonPropertyName("phone")] string Phone,
    [property: JsonPropertyName("messageId")] string? MessageId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("reason")] string? Reason);

internal sealed record BatchResponse([property: JsonPropertyName("results")] IReadOnlyList<BatchResult> Results);

internal sealed record ErrorResponse([property: JsonPropertyName("error")] string Error);

internal sealed record MessagesResponse([property: JsonPropertyName("messages")] IReadOnlyList<RecordedSms> Messages);

internal sealed record FaultSettings(
    [property: JsonPropertyName("failureRate")] double? FailureRate,
    [property: JsonPropertyName("latencyMs")] int? LatencyMs,
    [property: JsonPropertyName("down")] bool? Down,
    [property: JsonPropertyName("downMode")] string? DownMode,
    [property: JsonPropertyName("rejectedPhones")] IReadOnlyList<string>? RejectedPhones,
    [property: JsonPropertyName("undeliveredPhones")] IReadOnlyList<string>? UndeliveredPhones);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BatchRequest))]
[JsonSerializable(typeof(BatchResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(MessagesResponse))]
[JsonSerializable(typeof(FaultSettings))]
[JsonSerializable(typeof(SmsDeliveryReceiptBatch))]
[JsonSerializable(typeof(SmsReplyMessage))]
[JsonSerializable(typeof(SmsReplyBatch))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;

using System.Text.Json;
using System.Text.Json.Serialization;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;

namespace RiskAlerts.Infrastructure.Messaging.Deliveries;

/// <summary>
/// Body of a <c>deliveries</c> message. The message id is not repeated here: it is the message's own
/// (<c>{warningId}:{partitionKey}:{channel}:{chunk}</c>, retries <c>…:r{attempt}</c>).
/// </summary>
/// <param name="WarningId">The warning.</param>
/// <param name="Channel"><c>sms</c> or <c>email</c> (also the <c>channel</c> application property the subscriptions filter on).</param>
/// <param name="PartitionKey">The partition of every recipient's row.</param>
/// <param name="Attempt">1, then one more per retry.</param>
/// <param name="Recipients">Row keys and addresses.</param>
/// <param name="Verify">The sender reads the rows first (a planner run again after a crash); absent for a fresh batch.</param>
/// <param name="Waits">Times the batch waited for a provider; absent when none.</param>
/// <param name="SettleUnknown">A check that records unknown outcomes without a receipt Failed; absent for a send.</param>
/// <param name="FollowsEarlier">The recipients were sent an earlier version, which the text corrects or calls off; absent for a warning's own recipients.</param>
public sealed record DeliveryBatchMessage(
    string WarningId,
    string Channel,
    string PartitionKey,
    int Attempt,
    IReadOnlyList<DeliveryBatchMessageRecipient> Recipients,
    bool? Verify = null,
    int? Waits = null,
    bool? SettleUnknown = null,
    bool? FollowsEarlier = null)
{
    /// <summary>The application property the <c>sms</c> and <c>email</c> subscriptions filter on.</summary>
    public const string ChannelProperty = "channel";

    /// <summary>The body of a batch.</summary>
    public static DeliveryBatchMessage From(DeliveryBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return new DeliveryBatchMessage(
            batch.WarningId,
            batch.Channel.ToWireName(),
            batch.PartitionKey,
            batch.Attempt,
            [.. batch.Recipients.Select(r => new DeliveryBatchMessageRecipient(r.RowKey, r.Address))],
            batch.Verify ? true : null,
            batch.Waits > 0 ? batch.Waits : null,
            batch.SettleUnknown ? true : null,
            batch.FollowsEarlier ? true : null);
    }

    /// <summary>The JSON body of a batch.</summary>
    public static BinaryData ToBody(DeliveryBatch batch) =>
        new(JsonSerializer.SerializeToUtf8Bytes(From(batch), DeliveriesJsonContext.Default.DeliveryBatchMessage));

    /// <summary>Reads a body; null when it is not one.</summary>
    public static DeliveryBatch? Read(BinaryData body, string messageId)
    {
        ArgumentNullException.ThrowIfNull(body);
        DeliveryBatchMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(body.ToMemory().Span, DeliveriesJsonContext.Default.DeliveryBatchMessage);
        }
        catch (JsonException)
        {
            return null;
        }

        if (message is null || string.IsNullOrEmpty(message.WarningId) || string.IsNullOrEmpty(message.PartitionKey)
            || !ChannelExtensions.TryParseWireName(message.Channel, out var channel) || message.Recipients is null)
        {
            return null;
        }

        return new DeliveryBatch(messageId, message.WarningId, channel, message.PartitionKey, Math.Max(1, message.Attempt), [.. message.Recipients.Select(r => new DeliveryBatchRecipient(r.RowKey, r.Address))])
        {
            Verify = message.Verify == true,
            Waits = Math.Max(0, message.Waits ?? 0),
            SettleUnknown = message.SettleUnknown == true,
            FollowsEarlier = message.FollowsEarlier == true,
        };
    }
}

/// <summary>One recipient of a batch message.</summary>
/// <param name="RowKey">The row key.</param>
/// <param name="Address">E.164 number or email address.</param>
public sealed record DeliveryBatchMessageRecipient(string RowKey, string Address);

/// <summary>Source-generated JSON of the delivery messages.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DeliveryBatchMessage))]
internal sealed partial class DeliveriesJsonContext : JsonSerializerContext;

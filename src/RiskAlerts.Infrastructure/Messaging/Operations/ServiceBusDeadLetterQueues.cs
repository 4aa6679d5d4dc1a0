using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Operations;

namespace RiskAlerts.Infrastructure.Messaging.Operations;

/// <summary>
/// Dead letters through the Service Bus client: peek to look, peek-lock to replay or discard.
/// Entity names in the API are <c>warnings</c>, <c>sms</c> and <c>email</c>; replay sends a
/// delivery batch back to the topic, where its <c>channel</c> property routes it to the same subscription.
/// </summary>
internal sealed class ServiceBusDeadLetterQueues(ServiceBusClient client, IOptions<MessagingOptions> options, ILogger<ServiceBusDeadLetterQueues> logger) : IDeadLetterQueues
{
    private const int ScanBatch = 100;
    /// <summary>The application property that marks a replayed copy, with the dead letter's sequence number.</summary>
    internal const string ReplayedFromProperty = "ReplayedFromSequenceNumber";

    public IReadOnlyList<string> Entities => [Warnings, options.Value.SmsSubscription, options.Value.EmailSubscription];

    private string Warnings => options.Value.WarningsQueue;

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(string entity, int max, CancellationToken cancellationToken = default)
    {
        DeadLetterEntity.EnsureKnown(this, entity);
        await using var receiver = CreateDeadLetterReceiver(entity, ServiceBusReceiveMode.PeekLock);
        var found = new List<DeadLetter>();
        long from = 0;
        while (found.Count < max)
        {
            var page = await receiver.PeekMessagesAsync(Math.Min(ScanBatch, max - found.Count), from, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            found.AddRange(page.Select(m => ToDeadLetter(entity, m)));
            from = page[^1].SequenceNumber + 1;
        }

        return found;
    }

    public async Task<DeadLetter?> FindAsync(string entity, long sequenceNumber, CancellationToken cancellationToken = default)
    {
        DeadLetterEntity.EnsureKnown(this, entity);
        await using var receiver = CreateDeadLetterReceiver(entity, ServiceBusReceiveMode.PeekLock);
        var page = await receiver.PeekMessagesAsync(1, sequenceNumber, cancellationToken);
        return page.Count == 1 && page[0].SequenceNumber == sequenceNumber ? ToDeadLetter(entity, page[0]) : null;
    }

    public async Task<bool> ReplayAsync(string entity, long sequenceNumber, string operatorName, CancellationToken cancellationToken = default)
    {
        DeadLetterEntity.EnsureKnown(this, entity);
        return await WithLockedAsync(entity, sequenceNumber, (receiver, message) => ReplayLockedAsync(entity, receiver, message, operatorName, cancellationToken), cancellationToken);
    }

    public async Task<int> ReplayAllAsync(string entity, string operatorName, CancellationToken cancellationToken = default)
    {
        DeadLetterEntity.EnsureKnown(this, entity);
        await using var receiver = CreateDeadLetterReceiver(entity, ServiceBusReceiveMode.PeekLock);
        var replayed = 0;
        while (true)
        {
            // Copies go to the entity itself, never back to its dead-letter queue, so the pass ends.
            var batch = await receiver.ReceiveMessagesAsync(ScanBatch, TimeSpan.FromSeconds(1), cancellationToken);
            if (batch.Count == 0)
            {
                return replayed;
            }

            foreach (var message in batch)
            {
                await ReplayLockedAsync(entity, receiver, message, operatorName, cancellationToken);
                replayed++;
            }
        }
    }

    private async Task ReplayLockedAsync(string entity, ServiceBusReceiver receiver, ServiceBusReceivedMessage message, string operatorName, CancellationToken cancellationToken)
    {
        var copy = new ServiceBusMessage(message)
        {
            // Deterministic: replaying the same dead letter twice is dropped by duplicate detection.
            MessageId = $"{message.MessageId}:replay:{message.SequenceNumber}",
        };
        copy.ApplicationProperties[ReplayedFromProperty] = message.SequenceNumber;
        copy.ApplicationProperties.Remove("DeadLetterReason");
        copy.ApplicationProperties.Remove("DeadLetterErrorDescription");
        await using var sender = client.CreateSender(entity == Warnings ? Warnings : options.Value.DeliveriesTopic);
        await sender.SendMessageAsync(copy, cancellationToken);
        await receiver.CompleteMessageAsync(message, cancellationToken);
        logger.LogInformation("Operator {Operator} replayed dead letter {SequenceNumber} of {Entity} (message {MessageId})", operatorName, message.SequenceNumber, entity, message.MessageId);
    }

    public async Task<bool> DiscardAsync(string entity, long sequenceNumber, string operatorName, string reason, CancellationToken cancellationToken = default)
    {
        DeadLetterEntity.EnsureKnown(this, entity);
        return await WithLockedAsync(entity, sequenceNumber, async (receiver, message) =>
        {
            await receiver.CompleteMessageAsync(message, cancellationToken);
            logger.LogInformation("Operator {Operator} discarded dead letter {SequenceNumber} of {Entity} (message {MessageId}): {Reason}", operatorName, sequenceNumber, entity, message.MessageId, reason);
        }, cancellationToken);
    }

    /// <summary>
    /// Locks the dead letter with <paramref name="sequenceNumber"/> and runs <paramref name="action"/> on it;
    /// the others it had to lock on the way are abandoned at once, unchanged.
    /// </summary>
    private async Task<bool> WithLockedAsync(string entity, long sequenceNumber, Func<ServiceBusReceiver, ServiceBusReceivedMessage, Task> action, CancellationToken cancellationToken)
    {
        await using var receiver = CreateDeadLetterReceiver(entity, ServiceBusReceiveMode.PeekLock);
        var passed = new List<ServiceBusReceivedMessage>();
        try
        {
            while (true)
            {
                var batch = await receiver.ReceiveMessagesAsync(ScanBatch, TimeSpan.FromSeconds(1), cancellationToken);
                if (batch.Count == 0)
                {
                    return false;
                }

                foreach (var message in batch)
                {
                    if (message.SequenceNumber == sequenceNumber)
                    {
                        await action(receiver, message);
                        return true;
                    }

                    passed.Add(message);
                }
            }
        }
        finally
        {
            foreach (var message in passed)
            {
                await receiver.AbandonMessageAsync(message, cancellationToken: CancellationToken.None);
            }
        }
    }

    private ServiceBusReceiver CreateDeadLetterReceiver(string entity, ServiceBusReceiveMode mode)
    {
        var receiverOptions = new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter, ReceiveMode = mode };
        return entity == Warnings
            ? client.CreateReceiver(Warnings, receiverOptions)
            : client.CreateReceiver(options.Value.DeliveriesTopic, entity, receiverOptions);
    }

    private static DeadLetter ToDeadLetter(string entity, ServiceBusReceivedMessage message) => new(
        entity,
        message.SequenceNumber,
        message.MessageId,
        message.Subject,
        message.DeadLetterReason,
        message.DeadLetterErrorDescription,
        message.DeliveryCount,
        message.EnqueuedTime,
        message.ApplicationProperties.ToDictionary(p => p.Key, p => Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty),
        message.Body.ToString());
}

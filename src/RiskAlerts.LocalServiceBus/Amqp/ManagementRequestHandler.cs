using Amqp;
using Amqp.Framing;
using Amqp.Types;
using Microsoft.Extensions.Logging;
using RiskAlerts.LocalServiceBus.Entities;

namespace RiskAlerts.LocalServiceBus.Amqp;

/// <summary>
/// The <c>ENTITY/$management</c> node: lock renewal, settlement by lock token, peek, schedule and
/// cancel-scheduled. Other operations (sessions, deferral, rules) answer 501 Not Implemented.
/// </summary>
internal sealed class ManagementRequestHandler(BrokerCounters counters, ILogger logger)
{
    private const int StatusOk = 200;
    private const int NoContent = 204;
    private const int BadRequest = 400;
    private const int NotFound = 404;
    private const int Gone = 410;
    private const int NotImplemented = 501;

    public Message Handle(ResolvedAddress entity, Message request)
    {
        var operation = request.ApplicationProperties?.Map[AmqpNames.Operation] as string;
        counters.CountManagementRequest(lockRenewal: operation == AmqpNames.RenewLockOperation);
        var body = request.Body as Map ?? [];
        try
        {
            return operation switch
            {
                AmqpNames.RenewLockOperation when entity.Store is { } store => RenewLock(store, body),
                AmqpNames.UpdateDispositionOperation when entity.Store is { } store => UpdateDisposition(store, body),
                AmqpNames.PeekMessageOperation when entity.Store is { } store => Peek(store, body),
                AmqpNames.ScheduleMessageOperation when entity.SendTarget is { } target => Schedule(target, body),
                AmqpNames.CancelScheduledMessageOperation when entity.SendTarget is { } target => CancelScheduled(target, body),
                _ => Error(NotImplemented, AmqpNames.NotImplementedError, $"The local Service Bus broker does not implement '{operation}' on '{entity.EntityPath}'."),
            };
        }
        catch (Exception exception) when (exception is InvalidCastException or FormatException or OverflowException or AmqpException)
        {
            logger.LogWarning(exception, "Malformed {Operation} request on {EntityPath}", operation, entity.EntityPath);
            return Error(BadRequest, AmqpNames.NotAllowedError, $"Malformed '{operation}' request: {exception.Message}");
        }
    }

    private static Message RenewLock(MessageStore store, Map body)
    {
        var lockTokens = ToArray<Guid>(body[AmqpNames.LockTokens]);
        var expirations = new DateTime[lockTokens.Length];
        for (var index = 0; index < lockTokens.Length; index++)
        {
            if (store.RenewLock(lockTokens[index]) is not { } lockedUntil)
            {
                return Error(Gone, AmqpNames.MessageLockLostError, "The lock supplied is invalid. Either the lock expired, or the message has already been removed from the queue.");
            }

            expirations[index] = lockedUntil.UtcDateTime;
        }

        return Ok(new Map { [AmqpNames.Expirations] = expirations });
    }

    /// <summary>
    /// Settles messages by lock token. The client settles this way a message whose receive link has
    /// gone since (its connection dropped and came back): the lock still holds where the broker keeps
    /// a departed receiver's locks, as Service Bus does, and the message need not come round again.
    /// </summary>
    private Message UpdateDisposition(MessageStore store, Map body)
    {
        var properties = AmqpProperties.ToDictionary(body[AmqpNames.PropertiesToModify] as Map);
        Settlement? settlement = (body[AmqpNames.DispositionStatus] as string) switch
        {
            "completed" => new Settlement.Complete(),
            "abandoned" => new Settlement.Abandon(properties),
            "suspended" => new Settlement.DeadLetter(body[AmqpNames.DeadLetterReason] as string, body[AmqpNames.DeadLetterDescription] as string, properties),
            _ => null,
        };
        if (settlement is null)
        {
            return Error(NotImplemented, AmqpNames.NotImplementedError, $"The local Service Bus broker does not implement the disposition '{body[AmqpNames.DispositionStatus]}' by lock token.");
        }

        foreach (var lockToken in ToArray<Guid>(body[AmqpNames.LockTokens]))
        {
            if (store.Settle(lockToken, settlement) != DispositionResult.Applied)
            {
                return Error(Gone, AmqpNames.MessageLockLostError, "The lock supplied is invalid. Either the lock expired, or the message has already been removed from the queue.");
            }

            counters.CountSettled(settlement);
        }

        return Ok([]);
    }

    private static Message Peek(MessageStore store, Map body)
    {
        var from = Convert.ToInt64(body[AmqpNames.FromSequenceNumber] ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
        var count = Convert.ToInt32(body[AmqpNames.MessageCount] ?? 1, System.Globalization.CultureInfo.InvariantCulture);
        var peeked = store.Peek(from, count);
        if (peeked.Count == 0)
        {
            return Error(NoContent, AmqpNames.MessageNotFoundError, "No messages to peek.");
        }

        var messages = new List();
        foreach (var message in peeked)
        {
            messages.Add(new Map { [AmqpNames.Message] = Encode(message) });
        }

        return Ok(new Map { [AmqpNames.Messages] = messages });
    }

    private static Message Schedule(SendTarget target, Map body)
    {
        var entries = body[AmqpNames.Messages] as List ?? throw new InvalidCastException("'messages' must be a list.");
        var sequenceNumbers = new long[entries.Count];
        for (var index = 0; index < entries.Count; index++)
        {
            var entry = (Map)entries[index];
            var encoded = (byte[])entry[AmqpNames.Message];
            var message = Message.Decode(new ByteBuffer(encoded, 0, encoded.Length, encoded.Length));

            // A duplicate is dropped; the client still needs a number back, and none is waiting under -1.
            sequenceNumbers[index] = target.Accept(message) ?? -1;
        }

        return Ok(new Map { [AmqpNames.SequenceNumbers] = sequenceNumbers });
    }

    private static Message CancelScheduled(SendTarget target, Map body)
    {
        foreach (var sequenceNumber in ToArray<long>(body[AmqpNames.SequenceNumbers]))
        {
            if (!target.CancelScheduled(sequenceNumber))
            {
                return Error(NotFound, AmqpNames.MessageNotFoundError, $"No scheduled message with sequence number {sequenceNumber} on '{target.Path}'.");
            }
        }

        return Ok([]);
    }

    private static T[] ToArray<T>(object? value) => value switch
    {
        T[] typed => typed,
        System.Collections.IEnumerable items => items.Cast<T>().ToArray(),
        null => [],
        _ => throw new InvalidCastException($"Expected an array of {typeof(T).Name}."),
    };

    private static byte[] Encode(Message message)
    {
        var buffer = message.Encode();
        return buffer.Buffer.AsSpan(buffer.Offset, buffer.Length).ToArray();
    }

    private static Message Ok(Map body) => Response(StatusOk, "OK", errorCondition: null, body);

    private static Message Error(int statusCode, Symbol errorCondition, string description) =>
        Response(statusCode, description, errorCondition, []);

    private static Message Response(int statusCode, string description, Symbol? errorCondition, Map body)
    {
        var properties = new ApplicationProperties();
        properties.Map[AmqpNames.StatusCode] = statusCode;
        properties.Map[AmqpNames.StatusDescription] = description;
        if (errorCondition is not null)
        {
            properties.Map[AmqpNames.ErrorCondition] = errorCondition;
        }

        return new Message(body) { ApplicationProperties = properties };
    }
}

namespace RiskAlerts.Core.Operations;

/// <summary>
/// The dead-letter queues of the product's Service Bus entities, as operators work them: look,
/// put back for another try, or discard with a reason.
/// </summary>
public interface IDeadLetterQueues
{
    /// <summary>The entities whose dead letters operators may handle, by the names the API uses.</summary>
    IReadOnlyList<string> Entities { get; }

    /// <summary>Up to <paramref name="max"/> dead letters of <paramref name="entity"/>, oldest first, without locking them.</summary>
    Task<IReadOnlyList<DeadLetter>> ListAsync(string entity, int max, CancellationToken cancellationToken = default);

    Task<DeadLetter?> FindAsync(string entity, long sequenceNumber, CancellationToken cancellationToken = default);

    /// <summary>
    /// Re-publishes the dead letter to its entity and removes it from the dead-letter queue. The copy's
    /// message id is derived from the original's, so replaying the same dead letter twice sends once.
    /// </summary>
    /// <returns>False when there is no such dead letter (already replayed or discarded).</returns>
    Task<bool> ReplayAsync(string entity, long sequenceNumber, string operatorName, CancellationToken cancellationToken = default);

    /// <summary>Replays every dead letter of <paramref name="entity"/> in one pass over its dead-letter queue.</summary>
    /// <returns>How many were replayed.</returns>
    Task<int> ReplayAllAsync(string entity, string operatorName, CancellationToken cancellationToken = default);

    /// <summary>Removes the dead letter for good.</summary>
    /// <returns>False when there is no such dead letter.</returns>
    Task<bool> DiscardAsync(string entity, long sequenceNumber, string operatorName, string reason, CancellationToken cancellationToken = default);
}

/// <summary>A dead-lettered message as an operator sees it.</summary>
public sealed record DeadLetter(
    string Entity,
    long SequenceNumber,
    string MessageId,
    string? Subject,
    string? Reason,
    string? Description,
    int DeliveryCount,
    DateTimeOffset EnqueuedAt,
    IReadOnlyDictionary<string, string> Properties,
    string Body);

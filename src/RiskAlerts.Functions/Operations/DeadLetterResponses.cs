using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Operations;

namespace RiskAlerts.Functions.Operations;

/// <summary>A dead letter as operators see it: personal data in its body and properties masked.</summary>
public sealed record DeadLetterResponse(
    string Entity,
    long SequenceNumber,
    string MessageId,
    string? Subject,
    string? Reason,
    string? Description,
    int DeliveryCount,
    DateTimeOffset EnqueuedAt,
    IReadOnlyDictionary<string, string> Properties,
    string Body)
{
    public static DeadLetterResponse From(DeadLetter letter) => new(
        letter.Entity,
        letter.SequenceNumber,
        letter.MessageId,
        letter.Subject,
        letter.Reason,
        PersonalDataMask.MaskText(letter.Description),
        letter.DeliveryCount,
        letter.EnqueuedAt,
        letter.Properties.ToDictionary(p => p.Key, p => PersonalDataMask.MaskText(p.Value)),
        PersonalDataMask.MaskText(letter.Body));
}

/// <summary>Dead letters of one entity, oldest first.</summary>
public sealed record DeadLetterListResponse(string Entity, IReadOnlyList<DeadLetterResponse> Items);

/// <summary>How many dead letters an operation handled.</summary>
public sealed record DeadLetterActionResponse(string Entity, int Handled);

/// <summary>Body of a discard: why the dead letter is given up.</summary>
public sealed record DiscardDeadLetterRequest(string? Reason);

using RiskAlerts.Core.Validation;

namespace RiskAlerts.Core.Operations;

/// <summary>Helpers that refuse an entity name operators may not touch.</summary>
public static class DeadLetterEntity
{
    public static void EnsureKnown(IDeadLetterQueues queues, string entity)
    {
        if (!queues.Entities.Contains(entity, StringComparer.Ordinal))
        {
            throw RequestValidationException.For("entity", FieldErrorCode.NotAllowed, $"must be one of: {string.Join(", ", queues.Entities)}");
        }
    }
}

namespace RiskAlerts.Core.Idempotency;

/// <summary>An idempotency key was reused with a different request (HTTP 409).</summary>
public sealed class IdempotencyConflictException : Exception
{
    public IdempotencyConflictException(string key)
        : base($"The idempotency key '{key}' was already used with a different request.")
    {
    }

    public IdempotencyConflictException()
        : this(string.Empty)
    {
    }

    public IdempotencyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

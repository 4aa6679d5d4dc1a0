using RiskAlerts.Core.Validation;

namespace RiskAlerts.Core.Security;

/// <summary>The caller is known but may not do this (HTTP 403), or is not known at all (HTTP 401).</summary>
public sealed class AccessDeniedException : Exception
{
    public AccessDeniedException(string message, bool authenticated)
        : base(message)
    {
        Authenticated = authenticated;
    }

    public AccessDeniedException()
        : this("Access denied.", authenticated: false)
    {
    }

    public AccessDeniedException(string message)
        : this(message, authenticated: true)
    {
    }

    public AccessDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Authenticated = false;
    }

    /// <summary>False when no valid principal came with the request.</summary>
    public bool Authenticated { get; }

    /// <summary>The fields of the request that the principal may not send, and why; empty when the refusal is not about a field.</summary>
    public IReadOnlyList<FieldError> Errors { get; private init; } = [];

    public static AccessDeniedException NotAuthenticated(string reason) => new(reason, authenticated: false);

    public static AccessDeniedException Forbidden(string reason) => new(reason, authenticated: true);

    /// <summary>A refusal of the request's content: each field the principal may not send, with the reason.</summary>
    public static AccessDeniedException ForbiddenFields(IReadOnlyList<FieldError> errors) =>
        new(string.Join("; ", errors.Select(e => $"{e.Field}: {e.Reason}")), authenticated: true) { Errors = errors };
}

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

    public static AccessDeniedException NotAuthenticated(string reason) => new(reason, authenticated: false);

    public static AccessDeniedException Forbidden(string reason) => new(reason, authenticated: true);
}

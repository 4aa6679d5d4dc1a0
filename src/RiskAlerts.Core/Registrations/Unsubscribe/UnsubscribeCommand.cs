namespace RiskAlerts.Core.Registrations.Unsubscribe;

/// <summary>Stop every warning to an enterprise (e.g. after 回复TD退订), keeping its record.</summary>
public sealed record UnsubscribeCommand
{
    /// <summary>The credit code the request addresses (route).</summary>
    public required string Uscc { get; init; }

    /// <summary>The caller's <c>If-Match</c> header, or null.</summary>
    public string? IfMatch { get; init; }
}

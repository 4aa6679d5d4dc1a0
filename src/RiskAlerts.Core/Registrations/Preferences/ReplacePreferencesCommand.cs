namespace RiskAlerts.Core.Registrations.Preferences;

/// <summary>Replace an enterprise's subscription preferences (and so resubscribe it if it had unsubscribed).</summary>
public sealed record ReplacePreferencesCommand
{
    /// <summary>The credit code the request addresses (route).</summary>
    public required string Uscc { get; init; }

    /// <summary>The new preferences.</summary>
    public PreferencesInput? Preferences { get; init; }

    /// <summary>The caller's <c>If-Match</c> header, or null.</summary>
    public string? IfMatch { get; init; }
}

namespace RiskAlerts.Core.Registrations.Register;

/// <summary>Register an enterprise, or replace its registration.</summary>
public sealed record RegisterEnterpriseCommand
{
    /// <summary>The credit code the request addresses (route).</summary>
    public required string Uscc { get; init; }

    /// <summary>Name, registered county and industry.</summary>
    public EnterpriseInput? Enterprise { get; init; }

    /// <summary>Who receives warnings.</summary>
    public IReadOnlyList<ContactInput?>? Contacts { get; init; }

    /// <summary>Preferences; when absent a new enterprise gets the defaults and an existing one keeps its own.</summary>
    public PreferencesInput? Preferences { get; init; }

    /// <summary>The caller's <c>If-Match</c> header, or null.</summary>
    public string? IfMatch { get; init; }
}

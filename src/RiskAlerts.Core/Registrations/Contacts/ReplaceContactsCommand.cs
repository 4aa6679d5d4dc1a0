namespace RiskAlerts.Core.Registrations.Contacts;

/// <summary>Replace an enterprise's contact list.</summary>
public sealed record ReplaceContactsCommand
{
    /// <summary>The credit code the request addresses (route).</summary>
    public required string Uscc { get; init; }

    /// <summary>The new contact list.</summary>
    public IReadOnlyList<ContactInput?>? Contacts { get; init; }

    /// <summary>The caller's <c>If-Match</c> header, or null.</summary>
    public string? IfMatch { get; init; }
}

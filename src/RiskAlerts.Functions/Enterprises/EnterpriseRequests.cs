using RiskAlerts.Core.Registrations;

namespace RiskAlerts.Functions.Enterprises;

/// <summary>Body of <c>PUT /api/enterprises/{uscc}</c>; field paths match the validators' (<c>enterprise.name</c>, <c>contacts[1].mobile</c>, <c>preferences.regions[0]</c>).</summary>
public sealed record RegisterEnterpriseRequest
{
    /// <summary>Name, registered county, industry; <c>uscc</c> optional and equal to the route's.</summary>
    public EnterpriseInput? Enterprise { get; init; }

    /// <summary>Who receives warnings.</summary>
    public IReadOnlyList<ContactInput?>? Contacts { get; init; }

    /// <summary>Optional: defaults for a new enterprise, unchanged for an existing one.</summary>
    public PreferencesInput? Preferences { get; init; }
}

/// <summary>Body of <c>PUT /api/enterprises/{uscc}/contacts</c>.</summary>
public sealed record ReplaceContactsRequest
{
    /// <summary>The whole new contact list.</summary>
    public IReadOnlyList<ContactInput?>? Contacts { get; init; }
}

/// <summary>Body of <c>PUT /api/enterprises/{uscc}/preferences</c>.</summary>
public sealed record ReplacePreferencesRequest
{
    /// <summary>The whole new preferences.</summary>
    public PreferencesInput? Preferences { get; init; }
}

/// <summary>Body of <c>POST /api/enterprises/{uscc}/contacts/{contactId}/verification</c>.</summary>
public sealed record RequestVerificationRequest
{
    /// <summary><c>sms</c> (a code to the mobile number) or <c>email</c> (a code and link to the address).</summary>
    public string? Channel { get; init; }
}

/// <summary>Body of <c>POST /api/enterprises/{uscc}/contacts/{contactId}/verify</c>.</summary>
public sealed record VerifyContactRequest
{
    /// <summary><c>sms</c> or <c>email</c>: which address the code was sent to.</summary>
    public string? Channel { get; init; }

    /// <summary>The six digits that were sent.</summary>
    public string? Code { get; init; }
}

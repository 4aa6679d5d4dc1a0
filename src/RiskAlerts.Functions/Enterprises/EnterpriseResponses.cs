using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Registrations;

namespace RiskAlerts.Functions.Enterprises;

/// <summary>
/// A registration as the API shows it. The nested objects have the request's shapes, so a
/// client can read, edit and send back the parts it changes.
/// </summary>
public sealed record EnterpriseResponse
{
    public required string Uscc { get; init; }

    public required EnterpriseInput Enterprise { get; init; }

    public required IReadOnlyList<ContactInput> Contacts { get; init; }

    /// <summary>
    /// The contacts' addresses that wait for verification and so receive no warnings (except as
    /// <c>Contacts:Verification:UnverifiedReceiveExtreme</c> allows); empty when every address is verified.
    /// </summary>
    public required IReadOnlyList<UnverifiedAddress> Unverified { get; init; }

    public required PreferencesInput Preferences { get; init; }

    /// <summary>True once the enterprise opted out of every warning.</summary>
    public required bool Unsubscribed { get; init; }

    /// <summary>Grows by one with every change; the ETag header is this number, quoted.</summary>
    public required long Version { get; init; }

    public required DateTimeOffset RegisteredAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <param name="registration">The stored registration.</param>
    /// <param name="maskPersonalData">True for readers who are not the enterprise or an admin: numbers and addresses masked.</param>
    public static EnterpriseResponse From(RegisteredEnterprise registration, bool maskPersonalData)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var subscriber = registration.Subscriber;
        var enterprise = subscriber.Enterprise;
        var preferences = subscriber.Preferences;
        return new EnterpriseResponse
        {
            Uscc = enterprise.Uscc.Value,
            Enterprise = new EnterpriseInput
            {
                Uscc = enterprise.Uscc.Value,
                Name = enterprise.Name,
                RegisteredCounty = enterprise.RegisteredCounty.ToString(),
                Industry = enterprise.Industry.ToString(),
            },
            Contacts = [.. subscriber.Contacts.OrderBy(c => c.Precedence).Select(c => new ContactInput
            {
                Id = c.Id,
                Name = c.Name,
                Role = c.Role,
                Mobile = maskPersonalData ? PersonalDataMask.MaskPhone(c.Mobile) : c.Mobile,
                Email = maskPersonalData ? PersonalDataMask.MaskEmail(c.Email) : c.Email,
                Channels = [.. c.Channels.Select(ch => ch.ToWireName())],
                Precedence = c.Precedence,
                ExerciseParticipant = c.ExerciseParticipant,
            })],
            Unverified = [.. subscriber.Contacts.OrderBy(c => c.Precedence)
                .SelectMany(c => Core.Registrations.Verification.ContactVerification.Unverified(c).Select(u => new UnverifiedAddress(c.Id, u.Channel.ToWireName())))],
            Preferences = new PreferencesInput
            {
                Categories = preferences.Categories,
                MinimumSeverity = preferences.MinimumSeverity.ToString(),
                Regions = [.. preferences.Regions.Select(r => r.ToString())],
                Industries = [.. preferences.Industries.Select(i => i.ToString())],
                Channels = [.. preferences.Channels.Select(ch => ch.ToWireName())],
                QuietHours = preferences.QuietHours is { } quiet
                    ? new QuietHoursInput { Start = quiet.Start.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), End = quiet.End.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) }
                    : null,
            },
            Unsubscribed = preferences.Unsubscribed,
            Version = registration.Version,
            RegisteredAt = registration.RegisteredAt,
            UpdatedAt = registration.UpdatedAt,
        };
    }
}

/// <summary>One enterprise in a search's page: who and where, no contact data, so operators and admins see the same.</summary>
public sealed record EnterpriseSummary
{
    public required string Uscc { get; init; }

    public required string Name { get; init; }

    public required string RegisteredCounty { get; init; }

    public required string Industry { get; init; }

    public required bool Unsubscribed { get; init; }

    public required long Version { get; init; }

    public static EnterpriseSummary From(ListedEnterprise listed)
    {
        ArgumentNullException.ThrowIfNull(listed);
        var enterprise = listed.Enterprise;
        return new EnterpriseSummary
        {
            Uscc = enterprise.Uscc.Value,
            Name = enterprise.Name,
            RegisteredCounty = enterprise.RegisteredCounty.ToString(),
            Industry = enterprise.Industry.ToString(),
            Unsubscribed = listed.Unsubscribed,
            Version = listed.Version,
        };
    }
}

/// <summary>A page of <c>GET /api/enterprises</c>; pass <see cref="ContinuationToken"/> back for the next.</summary>
public sealed record EnterprisePageResponse
{
    public required IReadOnlyList<EnterpriseSummary> Items { get; init; }

    public string? ContinuationToken { get; init; }
}

/// <summary>An address of a contact that waits for its code or link.</summary>
/// <param name="ContactId">The contact.</param>
/// <param name="Channel"><c>sms</c> for the mobile number, <c>email</c> for the address.</param>
public sealed record UnverifiedAddress(string ContactId, string Channel);

/// <summary>A verification code is on its way.</summary>
/// <param name="ContactId">The contact.</param>
/// <param name="Channel">Where it went.</param>
/// <param name="ExpiresAt">When the code stops working.</param>
public sealed record VerificationSentResponse(string ContactId, string Channel, DateTimeOffset ExpiresAt);

using RiskAlerts.Core.Alerts;

namespace RiskAlerts.Core.Enterprises;

/// <summary>A person at an enterprise who receives warnings.</summary>
/// <param name="Id">Identifier unique within the enterprise (stable across edits; delivery rows refer to it).</param>
/// <param name="Name">Name to address the person by.</param>
/// <param name="Role">Free-text role, e.g. 法定代表人, 财务负责人.</param>
/// <param name="Mobile">Mobile number in E.164 (see <see cref="PhoneNumberNormalizer.TryNormalizeMobile"/>), or null.</param>
/// <param name="Email">Normalised email address (see <see cref="EmailAddressNormalizer"/>), or null.</param>
/// <param name="Channels">Channels this person accepts; each needs the matching address.</param>
/// <param name="Precedence">Order among the enterprise's contacts, lowest first (who is listed first in previews and escalations).</param>
/// <param name="ExerciseParticipant">Whether the person takes part in exercises: only such contacts receive CAP <c>Exercise</c> and <c>Test</c> warnings.</param>
/// <param name="MobileVerified">Whether the mobile number is known to reach this person (an administrator entered it, or its verification code came back); an unverified number receives no warnings.</param>
/// <param name="EmailVerified">Whether the email address is known to reach this person; an unverified address receives no warnings.</param>
public sealed record Contact(
    string Id,
    string Name,
    string? Role,
    string? Mobile,
    string? Email,
    IReadOnlyList<Channel> Channels,
    int Precedence,
    bool ExerciseParticipant = false,
    bool MobileVerified = true,
    bool EmailVerified = true)
{
    /// <summary>The address for a channel, or null when the contact has none.</summary>
    public string? AddressFor(Channel channel) => channel switch
    {
        Channel.Sms => Mobile,
        Channel.Email => Email,
        _ => null,
    };

    /// <summary>Whether the address for a channel is verified (false when there is none).</summary>
    public bool IsVerified(Channel channel) => channel switch
    {
        Channel.Sms => Mobile is not null && MobileVerified,
        Channel.Email => Email is not null && EmailVerified,
        _ => false,
    };

    /// <summary>
    /// A copy with mobile number and email in normalised form where they parse; values that do
    /// not parse are left as given so that <see cref="ContactValidator"/> reports them.
    /// </summary>
    public Contact Normalize() => this with
    {
        Id = Id?.Trim() ?? string.Empty,
        Name = Name?.Trim() ?? string.Empty,
        Role = string.IsNullOrWhiteSpace(Role) ? null : Role.Trim(),
        Mobile = string.IsNullOrWhiteSpace(Mobile) ? null : PhoneNumberNormalizer.TryNormalizeMobile(Mobile, out var e164, out _) ? e164 : Mobile,
        Email = string.IsNullOrWhiteSpace(Email) ? null : EmailAddressNormalizer.TryNormalize(Email, out var email, out _) ? email : Email,
        Channels = Channels?.Distinct().ToArray() ?? [],
    };
}

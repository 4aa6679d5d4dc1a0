using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Enterprises;

namespace RiskAlerts.Core.Registrations.Verification;

/// <summary>
/// How verification follows a contact list through a change. Pure. An address stays verified
/// only while it is unchanged: the same contact (by id) with the same number, or a number already
/// verified for another contact of the enterprise (a list reordered or a contact renamed does not
/// ask anyone for a code again).
/// </summary>
public static class ContactVerification
{
    /// <summary>The new contacts with their verification state carried over from <paramref name="previous"/>.</summary>
    /// <param name="previous">The stored contacts, or null for a new registration.</param>
    /// <param name="next">The contacts as parsed from the request (their flags are ignored).</param>
    /// <param name="trusted">Whether whoever wrote the change vouches for every address (an administrator, when trusted).</param>
    public static IReadOnlyList<Contact> Carry(IReadOnlyList<Contact>? previous, IReadOnlyList<Contact> next, bool trusted)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (trusted)
        {
            return [.. next.Select(c => c with { MobileVerified = true, EmailVerified = true })];
        }

        var verifiedMobiles = new HashSet<string>(StringComparer.Ordinal);
        var verifiedEmails = new HashSet<string>(StringComparer.Ordinal);
        foreach (var contact in previous ?? [])
        {
            if (contact.IsVerified(Channel.Sms))
            {
                verifiedMobiles.Add(contact.Mobile!);
            }

            if (contact.IsVerified(Channel.Email))
            {
                verifiedEmails.Add(contact.Email!);
            }
        }

        return [.. next.Select(c => c with
        {
            MobileVerified = c.Mobile is null || verifiedMobiles.Contains(c.Mobile),
            EmailVerified = c.Email is null || verifiedEmails.Contains(c.Email),
        })];
    }

    /// <summary>
    /// The addresses of <paramref name="next"/> that wait for verification and did not already
    /// wait with the same address in <paramref name="previous"/>: the ones a code or link goes to.
    /// </summary>
    public static IReadOnlyList<(Contact Contact, Channel Channel, string Address)> NewlyPending(IReadOnlyList<Contact>? previous, IReadOnlyList<Contact> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var waiting = new HashSet<(string, Channel, string)>();
        foreach (var contact in previous ?? [])
        {
            foreach (var (channel, address) in Unverified(contact))
            {
                waiting.Add((contact.Id, channel, address));
            }
        }

        return [.. next.SelectMany(c => Unverified(c).Where(u => !waiting.Contains((c.Id, u.Channel, u.Address))).Select(u => (c, u.Channel, u.Address)))];
    }

    /// <summary>The unverified addresses of a contact.</summary>
    public static IEnumerable<(Channel Channel, string Address)> Unverified(Contact contact)
    {
        ArgumentNullException.ThrowIfNull(contact);
        if (contact.Mobile is { } mobile && !contact.MobileVerified)
        {
            yield return (Channel.Sms, mobile);
        }

        if (contact.Email is { } email && !contact.EmailVerified)
        {
            yield return (Channel.Email, email);
        }
    }
}

using RiskAlerts.Core.Enterprises;

namespace RiskAlerts.Core.Registrations;

/// <summary>Contacts as logs may show them: ids with masked numbers and addresses, never the data itself.</summary>
internal static class ContactLog
{
    public static string Mask(IEnumerable<Contact> contacts) =>
        string.Join("; ", contacts.Select(c => $"{c.Id}: {PersonalDataMask.MaskPhone(c.Mobile)} {PersonalDataMask.MaskEmail(c.Email)}".TrimEnd()));
}

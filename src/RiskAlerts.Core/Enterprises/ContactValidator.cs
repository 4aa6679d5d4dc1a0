using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Core.Enterprises;

/// <summary>Checks an enterprise's contact list; every problem names its field, e.g. <c>contacts[1].mobile</c>.</summary>
public static class ContactValidator
{
    /// <summary>Most contacts one enterprise may register.</summary>
    public const int MaximumContacts = 20;

    /// <summary>Adds an error per problem with the contacts (call <see cref="Contact.Normalize"/> first).</summary>
    public static void Validate(IReadOnlyList<Contact> contacts, FieldErrors errors, string path = "contacts")
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (contacts is null || contacts.Count == 0)
        {
            errors.Add(path, FieldErrorCode.Required, "needs at least one contact who receives warnings.");
            return;
        }

        if (contacts.Count > MaximumContacts)
        {
            errors.Add(path, FieldErrorCode.TooMany, $"has {contacts.Count} contacts; at most {MaximumContacts} are allowed.", MaximumContacts);
        }

        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < contacts.Count; i++)
        {
            var contact = contacts[i];
            var at = $"{path}[{i}]";
            if (string.IsNullOrWhiteSpace(contact.Id))
            {
                errors.Add($"{at}.id", FieldErrorCode.Required, "is required.");
            }
            else if (contact.Id.Length > 64)
            {
                errors.Add($"{at}.id", FieldErrorCode.TooLong, "is longer than 64 characters.", 64);
            }
            else if (!seenIds.Add(contact.Id))
            {
                errors.Add($"{at}.id", FieldErrorCode.Duplicate, $"'{contact.Id}' is used by another contact; ids are unique within an enterprise.");
            }

            if (string.IsNullOrWhiteSpace(contact.Name))
            {
                errors.Add($"{at}.name", FieldErrorCode.Required, "is required.");
            }
            else if (contact.Name.Length > 100)
            {
                errors.Add($"{at}.name", FieldErrorCode.TooLong, "is longer than 100 characters.", 100);
            }

            if (contact.Role is { Length: > 50 })
            {
                errors.Add($"{at}.role", FieldErrorCode.TooLong, "is longer than 50 characters.", 50);
            }

            if (contact.Mobile is not null)
            {
                if (!PhoneNumberNormalizer.TryNormalizeMobile(contact.Mobile, out var e164, out var reason))
                {
                    errors.Add($"{at}.mobile", FieldErrorCode.Malformed, reason);
                }
                else if (e164 != contact.Mobile)
                {
                    errors.Add($"{at}.mobile", FieldErrorCode.Malformed, $"must be in E.164 form: {e164}.");
                }
            }

            if (contact.Email is not null)
            {
                if (!EmailAddressNormalizer.TryNormalize(contact.Email, out var normalized, out var reason))
                {
                    errors.Add($"{at}.email", FieldErrorCode.Malformed, reason);
                }
                else if (normalized != contact.Email)
                {
                    errors.Add($"{at}.email", FieldErrorCode.Malformed, $"must be in normalised form: {normalized}.");
                }
            }

            ValidateChannels(contact, at, errors);
        }
    }

    private static void ValidateChannels(Contact contact, string at, FieldErrors errors)
    {
        if (contact.Channels is null || contact.Channels.Count == 0)
        {
            errors.Add($"{at}.channels", FieldErrorCode.Required, "needs at least one channel: sms or email.");
            return;
        }

        for (var c = 0; c < contact.Channels.Count; c++)
        {
            var channel = contact.Channels[c];
            if (!channel.IsDefined())
            {
                errors.Add($"{at}.channels[{c}]", FieldErrorCode.NotAllowed, "is not a channel; use sms or email.");
            }
            else if (channel == Channel.Sms && contact.Mobile is null)
            {
                errors.Add($"{at}.channels[{c}]", FieldErrorCode.Mismatch, "sms needs a mobile number on this contact.");
            }
            else if (channel == Channel.Email && contact.Email is null)
            {
                errors.Add($"{at}.channels[{c}]", FieldErrorCode.Mismatch, "email needs an email address on this contact.");
            }
        }

        if (contact.Channels.Distinct().Count() != contact.Channels.Count)
        {
            errors.Add($"{at}.channels", FieldErrorCode.Duplicate, "lists a channel twice.");
        }
    }
}

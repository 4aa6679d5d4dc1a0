using System.Globalization;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Categories;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Industries;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Subscriptions;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Core.Registrations;

/// <summary>
/// Reads what a caller wrote into domain values and runs the domain validators over them,
/// collecting every problem with its field path (<c>enterprise.registeredCounty</c>,
/// <c>contacts[1].mobile</c>, <c>preferences.regions[0]</c>) before anything is written.
/// </summary>
/// <remarks>
/// Values that do not parse are reported here and left out of the domain object. The domain
/// validators then see a shorter list, so their index-based paths into that list would point
/// at the wrong element: their findings under such a list are dropped (the parse error already
/// names the element).
/// </remarks>
public sealed class RegistrationParser(RegionCatalog regions, WarningCategoryCatalog categories)
{
    /// <summary>Parses the credit code of a route; a malformed one is a 400 naming <c>uscc</c>.</summary>
    /// <exception cref="RequestValidationException">The code is malformed.</exception>
    public static UnifiedSocialCreditCode ParseRouteCode(string? uscc) =>
        UnifiedSocialCreditCode.TryParse(uscc, out var code, out var reason)
            ? code
            : throw RequestValidationException.For("uscc", FieldErrorCode.Malformed, reason);

    /// <summary>The enterprise part, or null when it cannot be built; problems go to <paramref name="errors"/>.</summary>
    public Enterprise? ParseEnterprise(EnterpriseInput? input, UnifiedSocialCreditCode routeCode, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (input is null)
        {
            errors.Add("enterprise", FieldErrorCode.Required, "is required: name, registeredCounty and industry.");
            return null;
        }

        if (input.Uscc is not null)
        {
            if (!UnifiedSocialCreditCode.TryParse(input.Uscc, out var bodyCode, out var reason))
            {
                errors.Add("enterprise.uscc", FieldErrorCode.Malformed, reason);
            }
            else if (bodyCode != routeCode)
            {
                errors.Add("enterprise.uscc", FieldErrorCode.Mismatch, $"is {bodyCode} but the address names {routeCode}; omit it or make them equal.");
            }
        }

        var parsed = true;
        RegionCode county = default;
        if (string.IsNullOrWhiteSpace(input.RegisteredCounty))
        {
            errors.Add("enterprise.registeredCounty", FieldErrorCode.Required, "is required: the 6-digit county-level division of the registered address.");
            parsed = false;
        }
        else if (!RegionCode.TryParse(input.RegisteredCounty, out county, out var reason))
        {
            errors.Add("enterprise.registeredCounty", FieldErrorCode.Malformed, reason);
            parsed = false;
        }

        IndustryCode industry = default;
        if (string.IsNullOrWhiteSpace(input.Industry))
        {
            errors.Add("enterprise.industry", FieldErrorCode.Required, "is required: a GB/T 4754-2017 section letter, optionally with its division, e.g. C39.");
            parsed = false;
        }
        else if (!IndustryCode.TryParse(input.Industry, out industry, out var reason))
        {
            errors.Add("enterprise.industry", FieldErrorCode.Malformed, reason);
            parsed = false;
        }

        if (!parsed)
        {
            if (string.IsNullOrWhiteSpace(input.Name))
            {
                errors.Add("enterprise.name", FieldErrorCode.Required, "is required: the enterprise's registered name.");
            }

            return null;
        }

        var enterprise = new Enterprise(routeCode, input.Name?.Trim() ?? string.Empty, county, industry);
        var found = new FieldErrors();
        EnterpriseValidator.Validate(enterprise, regions, found);
        errors.AddRange(found);
        return found.IsEmpty ? enterprise : null;
    }

    /// <summary>Normalised contacts (possibly with invalid entries); problems go to <paramref name="errors"/>.</summary>
    public static IReadOnlyList<Contact> ParseContacts(IReadOnlyList<ContactInput?>? inputs, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var contacts = new List<Contact>();
        var suppressed = new List<string>();
        for (var i = 0; i < (inputs?.Count ?? 0); i++)
        {
            var input = inputs![i];
            var at = $"contacts[{i}]";
            if (input is null)
            {
                errors.Add(at, FieldErrorCode.Required, "is required: a contact object, not null.");
                suppressed.Add("contacts[");
                continue;
            }

            var channels = ParseChannels(input.Channels, $"{at}.channels", errors, out var channelsParsed);
            if (!channelsParsed)
            {
                suppressed.Add($"{at}.channels");
            }

            contacts.Add(new Contact(input.Id ?? string.Empty, input.Name ?? string.Empty, input.Role, input.Mobile, input.Email, channels, input.Precedence ?? i, input.ExerciseParticipant ?? false).Normalize());
        }

        var found = new FieldErrors();
        ContactValidator.Validate(contacts, found);
        AddExcept(found, suppressed, errors);
        return contacts;
    }

    /// <summary>
    /// Preferences for <paramref name="enterprise"/> (null when it could not be read, in which
    /// case checks that need its registered county are skipped); problems go to <paramref name="errors"/>.
    /// </summary>
    public SubscriptionPreferences ParsePreferences(PreferencesInput input, Enterprise? enterprise, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(errors);
        const string path = "preferences";
        var suppressed = new List<string>();

        var severity = Severity.Moderate;
        if (input.MinimumSeverity is null)
        {
            errors.Add($"{path}.minimumSeverity", FieldErrorCode.Required, "is required: Minor, Moderate, Severe, Extreme or Unknown.");
        }
        else if (!TryParseSeverity(input.MinimumSeverity, out severity))
        {
            errors.Add($"{path}.minimumSeverity", FieldErrorCode.NotAllowed, $"'{input.MinimumSeverity}' is not a severity; use Minor, Moderate, Severe, Extreme or Unknown.");
        }

        var regionCodes = new List<RegionCode>();
        var regionsParsed = true;
        for (var i = 0; i < (input.Regions?.Count ?? 0); i++)
        {
            if (RegionCode.TryParse(input.Regions![i], out var region, out var reason))
            {
                regionCodes.Add(region);
            }
            else
            {
                errors.Add($"{path}.regions[{i}]", FieldErrorCode.Malformed, reason);
                regionsParsed = false;
            }
        }

        if (!regionsParsed)
        {
            suppressed.Add($"{path}.regions");
        }

        var industries = new List<IndustryCode>();
        var industriesParsed = true;
        for (var i = 0; i < (input.Industries?.Count ?? 0); i++)
        {
            if (IndustryCode.TryParse(input.Industries![i], out var industry, out var reason))
            {
                industries.Add(industry);
            }
            else
            {
                errors.Add($"{path}.industries[{i}]", FieldErrorCode.Malformed, reason);
                industriesParsed = false;
            }
        }

        if (!industriesParsed)
        {
            suppressed.Add($"{path}.industries");
        }

        var channels = ParseChannels(input.Channels, $"{path}.channels", errors, out var channelsParsed);
        if (!channelsParsed)
        {
            suppressed.Add($"{path}.channels");
        }

        var quietHours = ParseQuietHours(input.QuietHours, $"{path}.quietHours", errors);
        var preferences = new SubscriptionPreferences(input.Categories ?? [], severity, regionCodes, industries, channels, quietHours);

        var found = new FieldErrors();
        if (enterprise is not null)
        {
            SubscriptionPreferencesValidator.Validate(preferences, enterprise, regions, categories, found);
        }
        else
        {
            // Without a registered county the containment rule cannot be checked; everything
            // else still is, so the caller learns all other problems in one answer.
            var stand = new Enterprise(default, "-", regionCodes.Count > 0 ? regionCodes[0] : default, IndustryCode.ForSection('A'));
            SubscriptionPreferencesValidator.Validate(preferences, stand, regions, categories, found);
            suppressed.Add($"{path}.regions");
            for (var i = 0; i < regionCodes.Count && regionsParsed; i++)
            {
                if (!regions.Validate(regionCodes[i], out var reason))
                {
                    errors.Add($"{path}.regions[{i}]", FieldErrorCode.UnknownRegion, reason!);
                }
            }
        }

        AddExcept(found, suppressed, errors);
        return preferences;
    }

    private static List<Channel> ParseChannels(IReadOnlyList<string>? names, string path, FieldErrors errors, out bool allParsed)
    {
        allParsed = true;
        var channels = new List<Channel>();
        for (var c = 0; c < (names?.Count ?? 0); c++)
        {
            if (ChannelExtensions.TryParseWireName(names![c], out var channel))
            {
                channels.Add(channel);
            }
            else
            {
                errors.Add($"{path}[{c}]", FieldErrorCode.NotAllowed, $"'{names[c]}' is not a channel; use sms or email.");
                allParsed = false;
            }
        }

        return channels;
    }

    private static QuietHours? ParseQuietHours(QuietHoursInput? input, string path, FieldErrors errors)
    {
        if (input is null)
        {
            return null;
        }

        var startParsed = TryParseTime(input.Start, $"{path}.start", errors, out var start);
        var endParsed = TryParseTime(input.End, $"{path}.end", errors, out var end);
        return startParsed && endParsed ? new QuietHours(start, end) : null;
    }

    private static bool TryParseTime(string? text, string field, FieldErrors errors, out TimeOnly time)
    {
        if (TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out time))
        {
            return true;
        }

        errors.Add(field, text is null ? FieldErrorCode.Required : FieldErrorCode.Malformed, text is null ? "is required: a time as HH:mm, e.g. 22:00." : $"'{text}' is not a time as HH:mm, e.g. 22:00.");
        return false;
    }

    private static bool TryParseSeverity(string text, out Severity severity)
    {
        severity = default;

        // Enum.TryParse would also take "2" or "Minor,Severe"; only the CAP names are severities.
        foreach (var value in Enum.GetValues<Severity>())
        {
            if (string.Equals(value.ToString(), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                severity = value;
                return true;
            }
        }

        return false;
    }

    private static void AddExcept(FieldErrors found, List<string> suppressedPrefixes, FieldErrors errors) =>
        errors.AddRange(found.Where(e => !suppressedPrefixes.Exists(p => e.Field.StartsWith(p, StringComparison.Ordinal))));
}

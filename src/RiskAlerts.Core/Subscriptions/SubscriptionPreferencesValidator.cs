using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Categories;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Core.Subscriptions;

/// <summary>Checks subscription preferences for an enterprise; field paths look like <c>preferences.regions[0]</c>.</summary>
public static class SubscriptionPreferencesValidator
{
    /// <summary>Most regions of interest one subscription may list.</summary>
    public const int MaximumRegions = 10;

    /// <summary>Adds an error per problem with the preferences.</summary>
    public static void Validate(
        SubscriptionPreferences preferences,
        Enterprise enterprise,
        RegionCatalog regions,
        WarningCategoryCatalog categories,
        FieldErrors errors,
        string path = "preferences")
    {
        ArgumentNullException.ThrowIfNull(preferences);
        ArgumentNullException.ThrowIfNull(enterprise);
        ArgumentNullException.ThrowIfNull(regions);
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(errors);

        ValidateCategories(preferences, categories, errors, path);

        if (!Enum.IsDefined(preferences.MinimumSeverity))
        {
            errors.Add($"{path}.minimumSeverity", FieldErrorCode.NotAllowed, "is not a severity; use Minor, Moderate, Severe, Extreme or Unknown.");
        }

        ValidateRegions(preferences, enterprise, regions, errors, path);

        if (preferences.Industries is null)
        {
            errors.Add($"{path}.industries", FieldErrorCode.WrongType, "must be a list; an empty list means all industries.");
        }
        else if (preferences.Industries.Any(i => i.Section == '\0'))
        {
            errors.Add($"{path}.industries", FieldErrorCode.Malformed, "contains an empty industry code.");
        }

        if (preferences.Channels is null || preferences.Channels.Count == 0)
        {
            errors.Add($"{path}.channels", FieldErrorCode.Required, "needs at least one channel: sms or email.");
        }
        else
        {
            for (var i = 0; i < preferences.Channels.Count; i++)
            {
                if (!preferences.Channels[i].IsDefined())
                {
                    errors.Add($"{path}.channels[{i}]", FieldErrorCode.NotAllowed, "is not a channel; use sms or email.");
                }
            }
        }

        if (preferences.QuietHours is { } quiet && quiet.Start == quiet.End)
        {
            errors.Add($"{path}.quietHours", FieldErrorCode.Malformed, "starts and ends at the same time; omit quiet hours instead of giving an empty period.");
        }
    }

    private static void ValidateCategories(SubscriptionPreferences preferences, WarningCategoryCatalog categories, FieldErrors errors, string path)
    {
        if (preferences.Categories is null || preferences.Categories.Count == 0)
        {
            errors.Add($"{path}.categories", FieldErrorCode.Required, $"needs at least one category: {string.Join(", ", categories.Categories.Select(c => c.Id))}.");
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < preferences.Categories.Count; i++)
        {
            var field = $"{path}.categories[{i}]";
            if (categories.Validate(preferences.Categories[i], field, errors) && !seen.Add(preferences.Categories[i]))
            {
                errors.Add(field, FieldErrorCode.Duplicate, $"'{preferences.Categories[i]}' is listed twice.");
            }
        }
    }

    private static void ValidateRegions(SubscriptionPreferences preferences, Enterprise enterprise, RegionCatalog regions, FieldErrors errors, string path)
    {
        if (preferences.Regions is null || preferences.Regions.Count == 0)
        {
            errors.Add($"{path}.regions", FieldErrorCode.Required, $"needs at least one region; the default is the registered county {enterprise.RegisteredCounty}.");
            return;
        }

        if (preferences.Regions.Count > MaximumRegions)
        {
            errors.Add($"{path}.regions", FieldErrorCode.TooMany, $"lists {preferences.Regions.Count} regions; at most {MaximumRegions} are allowed.", MaximumRegions);
        }

        var county = enterprise.RegisteredCounty;
        for (var i = 0; i < preferences.Regions.Count; i++)
        {
            var region = preferences.Regions[i];
            var field = $"{path}.regions[{i}]";
            if (!regions.Validate(region, out var reason))
            {
                errors.Add(field, FieldErrorCode.UnknownRegion, reason!);
            }
            else if (!region.Contains(county))
            {
                errors.Add(field, FieldErrorCode.Mismatch, $"{region} ({regions.FindName(region)}) does not contain the registered county {county}; use {county}, {county.PrefectureCode} or {county.ProvinceCode}.");
            }
        }

        if (preferences.Regions.Distinct().Count() != preferences.Regions.Count)
        {
            errors.Add($"{path}.regions", FieldErrorCode.Duplicate, "lists a region twice.");
        }
    }
}

using RiskAlerts.Core.Categories;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Core.Alerts;

/// <summary>Checks a warning's targeting; field paths look like <c>audience.regions[2]</c>.</summary>
public static class WarningAudienceValidator
{
    /// <summary>Most explicit targets one warning may name (one delivery plan must stay reviewable).</summary>
    public const int MaximumExplicitTargets = 1000;

    /// <summary>Adds an error per problem; <paramref name="path"/> prefixes every field ("" for top-level fields).</summary>
    public static void Validate(WarningAudience audience, RegionCatalog regions, WarningCategoryCatalog categories, FieldErrors errors, string path = "audience")
    {
        ArgumentNullException.ThrowIfNull(audience);
        ArgumentNullException.ThrowIfNull(regions);
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(errors);
        var prefix = path.Length == 0 ? string.Empty : path + ".";

        categories.Validate(audience.Category, prefix + "category", errors);

        if (!Enum.IsDefined(audience.Severity))
        {
            errors.Add(prefix + "severity", FieldErrorCode.NotAllowed, "is not a CAP severity; use Extreme, Severe, Moderate, Minor or Unknown.");
        }

        var regionCount = audience.Regions?.Count ?? 0;
        var targetCount = audience.ExplicitTargets?.Count ?? 0;
        if (regionCount == 0 && targetCount == 0)
        {
            errors.Add(prefix + "regions", FieldErrorCode.Required, "needs at least one region code, unless the warning names explicit target enterprises.");
        }

        for (var i = 0; i < regionCount; i++)
        {
            if (!regions.Validate(audience.Regions![i], out var reason))
            {
                errors.Add($"{prefix}regions[{i}]", FieldErrorCode.UnknownRegion, reason!);
            }
        }

        if (targetCount > MaximumExplicitTargets)
        {
            errors.Add(prefix + "explicitTargets", FieldErrorCode.TooMany, $"names {targetCount} enterprises; at most {MaximumExplicitTargets} are allowed.", MaximumExplicitTargets);
        }

        for (var i = 0; i < targetCount; i++)
        {
            if (string.IsNullOrEmpty(audience.ExplicitTargets![i].Value))
            {
                errors.Add($"{prefix}explicitTargets[{i}]", FieldErrorCode.Required, "is empty; give an 18-character unified social credit code.");
            }
        }

        if (audience.Industries is not null && audience.Industries.Any(i => i.Section == '\0'))
        {
            errors.Add(prefix + "industries", FieldErrorCode.Malformed, "contains an empty industry code.");
        }

        if (audience.Channels is null || audience.Channels.Count == 0)
        {
            errors.Add(prefix + "channels", FieldErrorCode.Required, "needs at least one channel: sms or email.");
        }
        else if (audience.Channels.Any(c => !c.IsDefined()))
        {
            errors.Add(prefix + "channels", FieldErrorCode.NotAllowed, "contains a value that is not a channel; use sms or email.");
        }
    }
}

using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Core.Enterprises;

/// <summary>Checks an enterprise record against the region catalog.</summary>
public static class EnterpriseValidator
{
    /// <summary>Longest accepted registered name.</summary>
    public const int MaximumNameLength = 200;

    /// <summary>Adds an error per problem, with field paths under <paramref name="path"/> (e.g. <c>enterprise.registeredCounty</c>).</summary>
    public static void Validate(Enterprise enterprise, RegionCatalog regions, FieldErrors errors, string path = "enterprise")
    {
        ArgumentNullException.ThrowIfNull(enterprise);
        ArgumentNullException.ThrowIfNull(regions);
        ArgumentNullException.ThrowIfNull(errors);

        if (string.IsNullOrEmpty(enterprise.Uscc.Value))
        {
            errors.Add($"{path}.uscc", FieldErrorCode.Required, "is required: the enterprise's 18-character unified social credit code.");
        }

        if (string.IsNullOrWhiteSpace(enterprise.Name))
        {
            errors.Add($"{path}.name", FieldErrorCode.Required, "is required: the enterprise's registered name.");
        }
        else if (enterprise.Name.Length > MaximumNameLength)
        {
            errors.Add($"{path}.name", FieldErrorCode.TooLong, $"is longer than {MaximumNameLength} characters.", MaximumNameLength);
        }

        if (!regions.IsCountyLevelUnit(enterprise.RegisteredCounty))
        {
            errors.Add(
                $"{path}.registeredCounty",
                regions.Exists(enterprise.RegisteredCounty) ? FieldErrorCode.NotAllowed : FieldErrorCode.UnknownRegion,
                regions.Exists(enterprise.RegisteredCounty)
                    ? $"{enterprise.RegisteredCounty} ({regions.FindName(enterprise.RegisteredCounty)}) is not a county-level division; give the county or district of the registered address."
                    : $"{enterprise.RegisteredCounty} is not a known county-level division code.");
        }

        if (enterprise.Industry.Section == '\0')
        {
            errors.Add($"{path}.industry", FieldErrorCode.Required, "is required: a GB/T 4754-2017 section letter, optionally with its division, e.g. C39.");
        }
    }

    /// <summary>Validates and returns the errors (empty when valid).</summary>
    public static FieldErrors Validate(Enterprise enterprise, RegionCatalog regions)
    {
        var errors = new FieldErrors();
        Validate(enterprise, regions, errors);
        return errors;
    }
}

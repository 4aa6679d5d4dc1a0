using RiskAlerts.Core.Validation;

namespace RiskAlerts.Core.Warnings.Submit;

/// <summary>Checks a submitted warning field by field and reports every problem at once.</summary>
public static class SubmitWarningValidator
{
    public const int MaxHeadlineLength = 120;
    public const int MaxDescriptionLength = 2000;

    private static readonly string[] CapSeverities = ["Extreme", "Severe", "Moderate", "Minor", "Unknown"];

    public static FieldErrors Validate(SubmitWarningCommand command)
    {
        var errors = new FieldErrors();
        RequireText(errors, "headline", command.Headline, MaxHeadlineLength);
        RequireText(errors, "description", command.Description, MaxDescriptionLength);

        if (string.IsNullOrWhiteSpace(command.Severity))
        {
            errors.Add("severity", "is required");
        }
        else if (!CapSeverities.Contains(command.Severity, StringComparer.Ordinal))
        {
            errors.Add("severity", $"must be one of the CAP 1.2 severities: {string.Join(", ", CapSeverities)}");
        }

        if (string.IsNullOrWhiteSpace(command.RegionCode))
        {
            errors.Add("regionCode", "is required");
        }
        else if (command.RegionCode.Length != 6 || !command.RegionCode.All(char.IsAsciiDigit))
        {
            errors.Add("regionCode", "must be a 6-digit GB/T 2260 region code, e.g. 220000");
        }

        return errors;
    }

    private static void RequireText(FieldErrors errors, string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, "is required");
        }
        else if (value.Length > maxLength)
        {
            errors.Add(field, $"must be at most {maxLength} characters (got {value.Length})");
        }
    }
}

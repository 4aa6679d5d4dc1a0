using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Categories;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Industries;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Core.Warnings.Submit;

/// <summary>
/// Turns a submitted warning into a <see cref="WarningDraft"/>, or into every field error at once.
/// Submit, preview and platform signals all go through here, so they accept exactly the same warnings.
/// </summary>
public sealed class WarningDraftParser(RegionCatalog regions, WarningCategoryCatalog categories, TimeProvider timeProvider)
{
    public const int MaxHeadlineLength = 120;
    public const int MaxDescriptionLength = 2000;
    public const int MaxInstructionLength = 500;
    public const int MaxExternalIdLength = 128;
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(24);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(30);
    private static readonly string[] Languages = ["zh-CN", "en"];

    /// <param name="command">The warning as sent.</param>
    /// <param name="path">Prefix of every field path: "" for a single warning, <c>items[3].</c> for a signal in a batch.</param>
    /// <param name="draft">The draft when there are no errors.</param>
    public FieldErrors TryParse(SubmitWarningCommand command, string path, out WarningDraft? draft)
    {
        draft = null;
        var errors = new FieldErrors();
        var headline = Text(errors, path + "headline", command.Headline, MaxHeadlineLength, required: true);
        var description = Text(errors, path + "description", command.Description, MaxDescriptionLength, required: true);
        var instruction = Text(errors, path + "instruction", command.Instruction, MaxInstructionLength, required: false);
        var externalId = Text(errors, path + "externalId", command.ExternalId, MaxExternalIdLength, required: false);

        var severity = CapEnum(errors, path + "severity", command.Severity, required: true, Severity.Unknown);
        var urgency = CapEnum(errors, path + "urgency", command.Urgency, required: false, Urgency.Unknown);
        var certainty = CapEnum(errors, path + "certainty", command.Certainty, required: false, Certainty.Unknown);
        var capStatus = CapEnum(errors, path + "capStatus", command.CapStatus, required: false, CapStatus.Actual);
        if (capStatus == CapStatus.Draft)
        {
            // A draft is not actionable (CAP 1.2): it stays with its author and is never stored or sent.
            errors.Add(path + "capStatus", FieldErrorCode.NotAllowed, "Draft is not actionable and is not issued; submit it as Actual, Exercise or Test once it is final");
        }

        var regionCodes = ParseList(errors, path + "regions", command.Regions, (string text, out RegionCode code, out string? reason) => RegionCode.TryParse(text, out code, out reason));
        var industries = ParseList(errors, path + "industries", command.Industries, (string text, out IndustryCode code, out string? reason) => IndustryCode.TryParse(text, out code, out reason));
        var targets = ParseList(errors, path + "targets", command.Targets, (string text, out UnifiedSocialCreditCode code, out string? reason) => UnifiedSocialCreditCode.TryParse(text, out code, out reason));
        var channels = command.Channels is null
            ? [.. ChannelExtensions.All]
            : ParseList(errors, path + "channels", command.Channels, (string text, out Channel channel, out string? reason) =>
            {
                var ok = ChannelExtensions.TryParseWireName(text, out channel);
                reason = ok ? null : "must be sms or email";
                return ok;
            });

        var now = timeProvider.GetUtcNow();
        var effectiveAt = command.EffectiveAt ?? now;
        var expiresAt = command.ExpiresAt ?? effectiveAt + DefaultLifetime;
        // A past expiry is reported as past first: a caller who gave no effectiveAt never wrote one.
        if (expiresAt <= now)
        {
            errors.Add(path + "expiresAt", FieldErrorCode.InPast, "is in the past: an expired warning cannot be delivered");
        }
        else if (expiresAt <= effectiveAt)
        {
            errors.Add(path + "expiresAt", FieldErrorCode.OutOfOrder, "must be after effectiveAt");
        }
        else if (expiresAt - effectiveAt > MaxLifetime)
        {
            errors.Add(path + "expiresAt", FieldErrorCode.OutOfOrder, $"must be at most {MaxLifetime.TotalDays} days after effectiveAt");
        }

        var language = string.IsNullOrWhiteSpace(command.Language) ? "zh-CN" : command.Language.Trim();
        if (!Languages.Contains(language, StringComparer.Ordinal))
        {
            errors.Add(path + "language", FieldErrorCode.NotAllowed, $"must be one of: {string.Join(", ", Languages)}");
        }

        var audience = new WarningAudience(command.Category?.Trim() ?? string.Empty, severity, regionCodes.Distinct().ToList(), industries.Distinct().ToList(), targets.Distinct().ToList(), channels.Distinct().ToList(), capStatus);
        if (string.IsNullOrWhiteSpace(command.Category))
        {
            errors.Add(path + "category", FieldErrorCode.Required, "is required");
        }

        var audienceErrors = new FieldErrors();
        WarningAudienceValidator.Validate(audience, regions, categories, audienceErrors, path.TrimEnd('.'));
        foreach (var error in audienceErrors)
        {
            // A missing category is already reported once; the catalog's own wording would repeat it.
            if (!(string.IsNullOrWhiteSpace(command.Category) && error.Field == path + "category"))
            {
                errors.Add(RenameAudienceField(error.Field, path), error.Code, error.Reason, error.Limit);
            }
        }

        if (errors.IsEmpty)
        {
            draft = new WarningDraft(headline!, description!, instruction, audience, urgency, certainty, effectiveAt, expiresAt, language, externalId);
        }

        return errors;
    }

    /// <summary>The audience validator calls explicit targets <c>explicitTargets</c>; the API calls them <c>targets</c>.</summary>
    private static string RenameAudienceField(string field, string path) =>
        field.StartsWith(path + "explicitTargets", StringComparison.Ordinal) ? path + "targets" + field[(path + "explicitTargets").Length..] : field;

    private static string? Text(FieldErrors errors, string field, string? value, int maxLength, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(field, FieldErrorCode.Required, "is required");
            }

            return null;
        }

        var trimmed = value.Trim();
        if (trimmed.Length > maxLength)
        {
            errors.Add(field, FieldErrorCode.TooLong, $"must be at most {maxLength} characters (got {trimmed.Length})", maxLength);
        }

        return trimmed;
    }

    private static TEnum CapEnum<TEnum>(FieldErrors errors, string field, string? value, bool required, TEnum fallback)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(field, FieldErrorCode.Required, "is required");
            }

            return fallback;
        }

        if (Enum.TryParse<TEnum>(value, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) && !value.Any(char.IsDigit))
        {
            return parsed;
        }

        errors.Add(field, FieldErrorCode.NotAllowed, $"must be one of the CAP 1.2 values: {string.Join(", ", Enum.GetNames<TEnum>())}");
        return fallback;
    }

    private delegate bool ItemParser<T>(string text, out T value, out string? reason);

    private static List<T> ParseList<T>(FieldErrors errors, string field, IReadOnlyList<string?>? items, ItemParser<T> parse)
    {
        var parsed = new List<T>();
        if (items is null)
        {
            return parsed;
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not { } text)
            {
                errors.Add($"{field}[{i}]", FieldErrorCode.Required, "must not be null");
                continue;
            }

            if (!parse(text, out var value, out var reason))
            {
                errors.Add($"{field}[{i}]", FieldErrorCode.Malformed, reason ?? "is not valid");
                continue;
            }

            parsed.Add(value);
        }

        return parsed;
    }
}

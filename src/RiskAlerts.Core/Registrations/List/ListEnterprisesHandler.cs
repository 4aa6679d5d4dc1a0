using System.Globalization;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Core.Registrations.List;

/// <summary>
/// Finds registrations by name, credit code and region, page by page, for operators and admins
/// (the search crosses enterprises). A listing shows who and where, never contact data.
/// </summary>
public sealed class ListEnterprisesHandler(IEnterpriseRegistry registry)
{
    public async Task<RegistrationPage> HandleAsync(Principal principal, ListEnterprisesQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(query);
        if (!principal.IsInAnyRole([Role.Admin, Role.Operator]))
        {
            throw AccessDeniedException.Forbidden("Searching enterprises needs the operator or admin role.");
        }

        var errors = new FieldErrors();
        var search = new EnterpriseSearch(RegionPrefix(query.Region, errors), UsccPrefix(query.Uscc, errors), NameContains(query.Name, errors));
        var pageSize = ListEnterprisesQuery.DefaultPageSize;
        if (query.PageSize is not null
            && (!int.TryParse(query.PageSize, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > ListEnterprisesQuery.MaximumPageSize))
        {
            errors.Add("pageSize", FieldErrorCode.OutOfRange, $"must be a whole number from 1 to {ListEnterprisesQuery.MaximumPageSize}.", ListEnterprisesQuery.MaximumPageSize);
        }

        errors.ThrowIfAny();
        return await registry.SearchAsync(search, pageSize, string.IsNullOrEmpty(query.ContinuationToken) ? null : query.ContinuationToken, cancellationToken);
    }

    /// <summary>
    /// The registered-county prefix a region names: 22, 2201 and 220102 as they are; a 6-digit
    /// province or prefecture code (220000, 220100) by its own prefix, so that it covers its sub-regions.
    /// </summary>
    private static string RegionPrefix(string? text, FieldErrors errors)
    {
        var region = text?.Trim() ?? string.Empty;
        if (region.Length is 0 or 2 or 4 && region.All(char.IsAsciiDigit))
        {
            return region;
        }

        if (region.Length == 6 && RegionCode.TryParse(region, out var code))
        {
            return code.Level switch
            {
                RegionLevel.Province => region[..2],
                RegionLevel.Prefecture => region[..4],
                _ => region,
            };
        }

        errors.Add("region", FieldErrorCode.Malformed, "must be a region code (220000, 220100, 220102) or a code prefix of 2, 4 or 6 digits, e.g. 22 (Jilin) or 2201 (Changchun).");
        return string.Empty;
    }

    private static string UsccPrefix(string? text, FieldErrors errors)
    {
        var prefix = text?.Trim().ToUpperInvariant() ?? string.Empty;
        if (prefix.Length > UnifiedSocialCreditCode.Length)
        {
            errors.Add("uscc", FieldErrorCode.TooLong, $"is longer than a credit code's {UnifiedSocialCreditCode.Length} characters.", UnifiedSocialCreditCode.Length);
        }
        else if (!prefix.All(c => UnifiedSocialCreditCode.Alphabet.Contains(c, StringComparison.Ordinal)))
        {
            errors.Add("uscc", FieldErrorCode.Malformed, $"may hold only the characters of a credit code ({UnifiedSocialCreditCode.Alphabet}).");
        }

        return prefix;
    }

    private static string NameContains(string? text, FieldErrors errors)
    {
        var name = text?.Trim() ?? string.Empty;
        if (name.Length > EnterpriseValidator.MaximumNameLength)
        {
            errors.Add("name", FieldErrorCode.TooLong, $"is longer than {EnterpriseValidator.MaximumNameLength} characters.", EnterpriseValidator.MaximumNameLength);
        }

        return EnterpriseSearch.NameKey(name);
    }
}

using System.Globalization;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Core.Registrations.List;

/// <summary>Lists registrations page by page (admins only: the listing crosses enterprises).</summary>
public sealed class ListEnterprisesHandler(IEnterpriseRegistry registry)
{
    public async Task<RegistrationPage> HandleAsync(Principal principal, ListEnterprisesQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(query);
        if (!principal.IsInRole(Role.Admin))
        {
            throw AccessDeniedException.Forbidden("Listing enterprises needs the admin role.");
        }

        var errors = new FieldErrors();
        var region = query.Region?.Trim() ?? string.Empty;
        if (region.Length is not (0 or 2 or 4 or 6) || !region.All(char.IsAsciiDigit))
        {
            errors.Add("region", FieldErrorCode.Malformed, "must be a region code prefix of 2, 4 or 6 digits, e.g. 22 (Jilin), 2201 (Changchun) or 220102.");
        }

        var pageSize = ListEnterprisesQuery.DefaultPageSize;
        if (query.PageSize is not null
            && (!int.TryParse(query.PageSize, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > ListEnterprisesQuery.MaximumPageSize))
        {
            errors.Add("pageSize", FieldErrorCode.OutOfRange, $"must be a whole number from 1 to {ListEnterprisesQuery.MaximumPageSize}.", ListEnterprisesQuery.MaximumPageSize);
        }

        errors.ThrowIfAny();
        return await registry.ListAsync(region, pageSize, string.IsNullOrEmpty(query.ContinuationToken) ? null : query.ContinuationToken, cancellationToken);
    }
}

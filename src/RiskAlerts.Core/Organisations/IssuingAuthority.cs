using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Core.Organisations;

/// <summary>
/// What a principal may issue: a warning comes from the principal's organisation and targets only
/// regions inside its jurisdiction, and enterprises registered there. Submit, preview and platform
/// signals all ask here, so the same warning is refused the same way everywhere.
/// </summary>
public sealed class IssuingAuthority(OrganisationCatalog organisations, ISubscriberDirectory directory, RegionCatalog regions)
{
    /// <summary>The organisation the principal issues for.</summary>
    /// <exception cref="AccessDeniedException">403: the principal belongs to no configured organisation.</exception>
    public IssuingOrganisation OrganisationOf(Principal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (string.IsNullOrEmpty(principal.OrganisationCode))
        {
            throw AccessDeniedException.Forbidden("Issuing a warning needs an organisation: the principal carries no organisation claim.");
        }

        return organisations.Find(principal.OrganisationCode)
            ?? throw AccessDeniedException.Forbidden($"The principal's organisation '{principal.OrganisationCode}' is not a configured issuing organisation.");
    }

    /// <summary>
    /// Each region outside <paramref name="organisation"/>'s jurisdiction and each target not registered
    /// inside it, as field errors under <paramref name="path"/> (<c>""</c>, or <c>items[3].</c> in a batch).
    /// </summary>
    public async Task<FieldErrors> CheckAsync(IssuingOrganisation organisation, WarningAudience audience, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(organisation);
        ArgumentNullException.ThrowIfNull(audience);
        var errors = new FieldErrors();
        var outside = $"is outside the jurisdiction of {organisation.Name} ({string.Join(", ", organisation.Jurisdiction)})";
        for (var i = 0; i < audience.Regions.Count; i++)
        {
            if (!organisation.Covers(audience.Regions[i]))
            {
                var region = audience.Regions[i];
                var label = regions.FindName(region) is { } name ? $"{region} {name}" : region.ToString();
                errors.Add($"{path}regions[{i}]", $"{label} {outside}");
            }
        }

        if (audience.ExplicitTargets.Count > 0)
        {
            var registered = (await directory.FindByCodesAsync([.. audience.ExplicitTargets], cancellationToken))
                .ToDictionary(s => s.Uscc, s => s.Enterprise.RegisteredCounty);
            for (var i = 0; i < audience.ExplicitTargets.Count; i++)
            {
                var target = audience.ExplicitTargets[i];
                if (!registered.TryGetValue(target, out var county))
                {
                    errors.Add($"{path}targets[{i}]", $"{target} is not a registered enterprise; {organisation.Name} may target only enterprises registered inside its jurisdiction");
                }
                else if (!organisation.Covers(county))
                {
                    errors.Add($"{path}targets[{i}]", $"{target} is registered in {county}, which {outside}");
                }
            }
        }

        return errors;
    }

    /// <summary>The principal's organisation, when it may issue <paramref name="audience"/>.</summary>
    /// <exception cref="AccessDeniedException">403 with the fields outside the jurisdiction, or no organisation.</exception>
    public async Task<IssuingOrganisation> AuthoriseAsync(Principal principal, WarningAudience audience, CancellationToken cancellationToken = default)
    {
        var organisation = OrganisationOf(principal);
        var errors = await CheckAsync(organisation, audience, string.Empty, cancellationToken);
        return errors.IsEmpty ? organisation : throw AccessDeniedException.ForbiddenFields(errors);
    }
}

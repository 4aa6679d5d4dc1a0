using System.Collections.Frozen;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Regions;

namespace RiskAlerts.Core.Organisations;

/// <summary>The issuing organisations in force, looked up by the code a principal carries.</summary>
public sealed class OrganisationCatalog
{
    private readonly FrozenDictionary<string, IssuingOrganisation> _byCode;

    /// <summary>Builds the catalog from options (defaults when none are configured); the options are validated at start.</summary>
    public OrganisationCatalog(IOptions<OrganisationOptions> options)
        : this(options.Value.EffectiveOrganisations)
    {
    }

    /// <summary>Builds the catalog from definitions already validated by <see cref="OrganisationOptionsValidator"/>.</summary>
    public OrganisationCatalog(IEnumerable<OrganisationDefinition> organisations)
    {
        ArgumentNullException.ThrowIfNull(organisations);
        Organisations = [.. organisations.Select(o => new IssuingOrganisation(o.Code, o.Name.Trim(), [.. o.Jurisdiction.Select(RegionCode.Parse)], o.SignalApproval))];
        _byCode = Organisations.ToFrozenDictionary(o => o.Code, StringComparer.Ordinal);
    }

    /// <summary>The organisations in configuration order.</summary>
    public IReadOnlyList<IssuingOrganisation> Organisations { get; }

    /// <summary>The organisation with <paramref name="code"/>, or null.</summary>
    public IssuingOrganisation? Find(string? code) => code is null ? null : _byCode.GetValueOrDefault(code);
}

/// <summary>
/// Checks the configured organisations at start-up: each definition's annotations, unique codes and
/// names, and a jurisdiction of region codes the catalog knows.
/// </summary>
public sealed class OrganisationOptionsValidator(RegionCatalog regions) : IValidateOptions<OrganisationOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, OrganisationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var organisations = options.EffectiveOrganisations;
        for (var i = 0; i < organisations.Count; i++)
        {
            var organisation = organisations[i];
            var path = $"{OrganisationOptions.SectionName}:Organisations:{i}";
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(organisation, new ValidationContext(organisation), results, validateAllProperties: true))
            {
                failures.AddRange(results.Select(r => $"{path}: {r.ErrorMessage}"));
            }

            for (var j = 0; j < organisation.Jurisdiction.Count; j++)
            {
                var text = organisation.Jurisdiction[j];
                if (!RegionCode.TryParse(text, out var region, out var reason) || !regions.Validate(region, out reason))
                {
                    failures.Add($"{path}:Jurisdiction:{j}: '{text}' {reason}");
                }
            }
        }

        failures.AddRange(organisations
            .GroupBy(o => o.Code, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => $"{OrganisationOptions.SectionName}: organisation code '{g.Key}' is defined {g.Count()} times."));
        failures.AddRange(organisations
            .GroupBy(o => o.Name.Trim(), StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => $"{OrganisationOptions.SectionName}: organisation name '{g.Key}' is used {g.Count()} times; recipients could not tell the senders apart."));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

using System.ComponentModel.DataAnnotations;

namespace RiskAlerts.Core.Organisations;

/// <summary>One issuing organisation as configured: an anti-fraud centre or a monitoring platform.</summary>
public sealed class OrganisationDefinition
{
    /// <summary>Stable code, carried in principals' tokens and stored on each warning, e.g. <c>jilin-province-centre</c>.</summary>
    [Required]
    [RegularExpression("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", ErrorMessage = "An organisation code is lower-case words joined by hyphens, e.g. jilin-province-centre.")]
    [StringLength(60)]
    public string Code { get; set; } = string.Empty;

    /// <summary>The name recipients read as the warning's sender, e.g. 吉林省反电信诈骗中心.</summary>
    [Required]
    [StringLength(40)]
    public string Name { get; set; } = string.Empty;

    /// <summary>GB/T 2260 codes of the regions it may warn: <c>220000</c> for a province centre, <c>220100</c> for Changchun's.</summary>
    [MinLength(1, ErrorMessage = "An organisation needs at least one region in its jurisdiction.")]
    public IList<string> Jurisdiction { get; init; } = [];

    /// <summary>How the signals of a monitoring platform of this organisation are approved.</summary>
    public SignalApproval SignalApproval { get; set; } = SignalApproval.AsAnalysts;
}

/// <summary>Whether a platform's signals wait for an approver.</summary>
public enum SignalApproval
{
    /// <summary>By the analysts' rule: an Extreme signal, or one whose audience is over the threshold, waits.</summary>
    AsAnalysts,

    /// <summary>Planned at once, whatever their audience or severity: a feed the centre trusts.</summary>
    AutoApproved,

    /// <summary>Every signal waits for an approver.</summary>
    Held,
}

/// <summary>
/// The issuing organisations (section <c>RiskAlerts:Organisations</c>). When the configuration
/// lists none, <see cref="DefaultOrganisations"/> apply (Jilin's province and city centres and its
/// monitoring platform); a deployment for other centres lists its own.
/// </summary>
public sealed class OrganisationOptions
{
    /// <summary>Configuration section the options bind to.</summary>
    public const string SectionName = "RiskAlerts:Organisations";

    /// <summary>Organisations used when none are configured.</summary>
    public static IReadOnlyList<OrganisationDefinition> DefaultOrganisations { get; } =
    [
        new() { Code = "jilin-province-centre", Name = "吉林省反电信诈骗中心", Jurisdiction = ["220000"] },
        new() { Code = "changchun-centre", Name = "长春市反电信诈骗中心", Jurisdiction = ["220100"] },
        new() { Code = "jilin-city-centre", Name = "吉林市反电信诈骗中心", Jurisdiction = ["220200"] },
        new() { Code = "jilin-risk-monitor", Name = "吉林省金融风险监测平台", Jurisdiction = ["220000"] },
    ];

    /// <summary>Configured organisations; empty means <see cref="DefaultOrganisations"/>.</summary>
    public IList<OrganisationDefinition> Organisations { get; init; } = [];

    /// <summary>The organisations in force.</summary>
    public IReadOnlyList<OrganisationDefinition> EffectiveOrganisations => Organisations.Count == 0 ? DefaultOrganisations : [.. Organisations];
}

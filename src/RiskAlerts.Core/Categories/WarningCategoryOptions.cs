using System.ComponentModel.DataAnnotations;

namespace RiskAlerts.Core.Categories;

/// <summary>One warning category that analysts may issue and enterprises may subscribe to.</summary>
public sealed class WarningCategoryDefinition
{
    /// <summary>Stable identifier used in requests and storage, lower-case kebab form, e.g. <c>telecom-fraud</c>.</summary>
    [Required]
    [RegularExpression("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", ErrorMessage = "A category id is lower-case words joined by hyphens, e.g. telecom-fraud.")]
    [StringLength(40)]
    public string Id { get; set; } = string.Empty;

    /// <summary>Chinese display name, used in messages and the console, e.g. 电信网络诈骗.</summary>
    [Required]
    [StringLength(40)]
    public string Name { get; set; } = string.Empty;
}

/// <summary>
/// The warning categories in force (section <c>RiskAlerts:Categories</c>). When the
/// configuration lists none, <see cref="DefaultCategories"/> apply: the binder appends
/// configured items to a pre-filled list instead of replacing it, so defaults are not put
/// in <see cref="Categories"/> itself.
/// </summary>
public sealed class WarningCategoryOptions
{
    /// <summary>Configuration section the options bind to.</summary>
    public const string SectionName = "RiskAlerts:Categories";

    /// <summary>Categories used when none are configured.</summary>
    public static IReadOnlyList<WarningCategoryDefinition> DefaultCategories { get; } =
    [
        new() { Id = "telecom-fraud", Name = "电信网络诈骗" },
        new() { Id = "illegal-fundraising", Name = "非法集资" },
        new() { Id = "investment-risk", Name = "投资风险" },
        new() { Id = "financing-risk", Name = "融资风险" },
    ];

    /// <summary>Configured categories; empty means <see cref="DefaultCategories"/>.</summary>
    [MaxLength(WarningCategoryCatalog.MaximumCategories)]
    public IList<WarningCategoryDefinition> Categories { get; init; } = [];

    /// <summary>The categories in force: the configured ones, or the defaults when none are configured.</summary>
    public IReadOnlyList<WarningCategoryDefinition> EffectiveCategories => Categories.Count == 0 ? DefaultCategories : [.. Categories];
}

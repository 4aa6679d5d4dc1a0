using System.Collections.Frozen;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Core.Categories;

/// <summary>The warning categories in force, for looking up names and validating category ids in requests.</summary>
public sealed class WarningCategoryCatalog
{
    /// <summary>More categories than this would not fit the matcher's 64-bit category masks.</summary>
    public const int MaximumCategories = 64;

    private readonly FrozenDictionary<string, WarningCategoryDefinition> _byId;

    /// <summary>Builds the catalog from options (defaults when none are configured).</summary>
    public WarningCategoryCatalog(IOptions<WarningCategoryOptions> options)
        : this(options.Value.EffectiveCategories)
    {
    }

    /// <summary>Builds the catalog from a list of definitions.</summary>
    /// <exception cref="ArgumentException">Duplicate ids or too many categories.</exception>
    public WarningCategoryCatalog(IEnumerable<WarningCategoryDefinition> categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        var list = categories.ToList();
        if (list.Count > MaximumCategories)
        {
            throw new ArgumentException($"At most {MaximumCategories} warning categories are supported.", nameof(categories));
        }

        var byId = new Dictionary<string, WarningCategoryDefinition>(StringComparer.Ordinal);
        foreach (var category in list)
        {
            if (!byId.TryAdd(category.Id, category))
            {
                throw new ArgumentException($"Warning category '{category.Id}' is defined twice.", nameof(categories));
            }
        }

        _byId = byId.ToFrozenDictionary(StringComparer.Ordinal);
        Categories = list;
    }

    /// <summary>A catalog of <see cref="WarningCategoryOptions.DefaultCategories"/>.</summary>
    public static WarningCategoryCatalog Default { get; } = new(WarningCategoryOptions.DefaultCategories);

    /// <summary>The categories in configuration order.</summary>
    public IReadOnlyList<WarningCategoryDefinition> Categories { get; }

    /// <summary>True when the id names a category in force (ids are case-sensitive, lower case).</summary>
    public bool IsKnown(string? id) => id is not null && _byId.ContainsKey(id);

    /// <summary>The Chinese display name of a category, or null.</summary>
    public string? FindName(string id) => _byId.GetValueOrDefault(id)?.Name;

    /// <summary>Adds a field error when <paramref name="id"/> is missing or not a category in force.</summary>
    /// <returns>True when the id is valid.</returns>
    public bool Validate(string? id, string field, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(id))
        {
            errors.Add(field, FieldErrorCode.Required, $"is required; use one of: {string.Join(", ", _byId.Keys.Order(StringComparer.Ordinal))}.");
            return false;
        }

        if (!IsKnown(id))
        {
            errors.Add(field, FieldErrorCode.NotAllowed, $"'{id}' is not a warning category; use one of: {string.Join(", ", Categories.Select(c => c.Id))}.");
            return false;
        }

        return true;
    }
}

/// <summary>Checks the configured categories at start-up: each definition's annotations and unique ids.</summary>
public sealed class WarningCategoryOptionsValidator : IValidateOptions<WarningCategoryOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, WarningCategoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        for (var i = 0; i < options.Categories.Count; i++)
        {
            var category = options.Categories[i];
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(category, new ValidationContext(category), results, validateAllProperties: true))
            {
                failures.AddRange(results.Select(r => $"{WarningCategoryOptions.SectionName}:Categories:{i}: {r.ErrorMessage}"));
            }
        }

        failures.AddRange(options.Categories
            .GroupBy(c => c.Id, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => $"{WarningCategoryOptions.SectionName}: category '{g.Key}' is defined {g.Count()} times."));

        if (options.Categories.Count > WarningCategoryCatalog.MaximumCategories)
        {
            failures.Add($"{WarningCategoryOptions.SectionName}: at most {WarningCategoryCatalog.MaximumCategories} categories are supported.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

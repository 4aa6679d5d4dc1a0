using System.Text.Json.Serialization;
using RiskAlerts.Core.Categories;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Operations.Lookup;
using RiskAlerts.Core.Operations.Pauses;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Warnings.Retract;
using RiskAlerts.Core.Warnings.Submit;

namespace RiskAlerts.Functions.Console;

/// <summary>
/// What the console's forms choose from and are bounded by, read from the same catalogues and
/// constants the API validates with, so a form never allows what the API refuses.
/// </summary>
public sealed record CatalogResponse(IReadOnlyList<CatalogRegion> Regions, IReadOnlyList<CatalogCategory> Categories, CatalogLimits Limits)
{
    public static CatalogResponse From(RegionCatalog regions, WarningCategoryCatalog categories)
    {
        ArgumentNullException.ThrowIfNull(regions);
        ArgumentNullException.ThrowIfNull(categories);
        var entries = new List<CatalogRegion>();
        foreach (var province in regions.Provinces)
        {
            entries.Add(CatalogRegion.From(regions.Find(province)!));
            foreach (var prefecture in regions.PrefecturesOf(province))
            {
                entries.Add(CatalogRegion.From(regions.Find(prefecture)!));
                entries.AddRange(regions.CountiesUnder(prefecture).Where(c => c != prefecture).Select(c => CatalogRegion.From(regions.Find(c)!)));
            }
        }

        return new CatalogResponse(
            entries,
            [.. categories.Categories.Select(c => new CatalogCategory(c.Id, c.Name))],
            new CatalogLimits(
                WarningDraftParser.MaxHeadlineLength,
                WarningDraftParser.MaxDescriptionLength,
                WarningDraftParser.MaxInstructionLength,
                RiskAlerts.Core.Alerts.WarningAudienceValidator.MaximumExplicitTargets,
                RetractWarningHandler.MaxReasonLength,
                PauseHandler.MaxReasonLength,
                Operations.DeadLetterFunctions.MaxDiscardReasonLength,
                EnterpriseValidator.MaximumNameLength,
                ContactValidator.MaximumContacts,
                FindDeliveriesToAddressHandler.MaxDays));
    }
}

/// <summary>A division: province, prefecture or county-level unit, under its parent.</summary>
public sealed record CatalogRegion(string Code, string Name, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Parent)
{
    public static CatalogRegion From(RegionEntry entry) => new(entry.Code.ToString(), entry.Name, entry.Parent?.ToString());
}

/// <summary>A warning category: the id requests carry and its Chinese name.</summary>
public sealed record CatalogCategory(string Id, string Name);

/// <summary>The API's bounds on what the console's forms send (characters, items, days).</summary>
public sealed record CatalogLimits(
    int Headline,
    int Description,
    int Instruction,
    int Targets,
    int RetractReason,
    int PauseReason,
    int DiscardReason,
    int EnterpriseName,
    int Contacts,
    int LookupDays);

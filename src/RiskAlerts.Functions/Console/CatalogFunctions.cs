using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using RiskAlerts.Core.Categories;
using RiskAlerts.Core.Regions;
using RiskAlerts.Functions.Http;

namespace RiskAlerts.Functions.Console;

/// <summary>
/// The reference data the console's forms are built from: the region catalogue by name, the warning
/// categories with their Chinese names, and the API's limits. Public data, so anonymous like the page.
/// </summary>
public sealed class CatalogFunctions(ConsoleCatalog catalog)
{
    [ApiOperation("Regions by name, warning categories and the API's form limits, for the console's forms", Tag = "Console", Anonymous = true, Response = typeof(CatalogResponse))]
    [Function(nameof(ConsoleCatalog))]
    public IActionResult ConsoleCatalog(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalog")] HttpRequest request) =>
        catalog.Asset.ToResult(request);
}

/// <summary>The catalogue, serialised once: the catalogues it is read from do not change while the app runs.</summary>
public sealed class ConsoleCatalog(RegionCatalog regions, WarningCategoryCatalog categories)
{
    private readonly Lazy<ConsoleAsset> _asset = new(() =>
        ConsoleAsset.FromContent(
            "catalog.json",
            "application/json; charset=utf-8",
            "public, max-age=300",
            JsonSerializer.SerializeToUtf8Bytes(CatalogResponse.From(regions, categories), ApiJsonContext.Default.CatalogResponse)));

    public ConsoleAsset Asset => _asset.Value;
}

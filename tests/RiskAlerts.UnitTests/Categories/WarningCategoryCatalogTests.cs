using Microsoft.Extensions.Options;
using RiskAlerts.Core.Categories;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.UnitTests.Categories;

public sealed class WarningCategoryCatalogTests
{
    [Fact]
    public void DefaultsToTheFourRiskCategories()
    {
        var catalog = new WarningCategoryCatalog(Options.Create(new WarningCategoryOptions()));

        Assert.Equal(["telecom-fraud", "illegal-fundraising", "investment-risk", "financing-risk"], catalog.Categories.Select(c => c.Id));
        Assert.Equal("非法集资", catalog.FindName("illegal-fundraising"));
    }

    [Fact]
    public void ConfiguredCategoriesReplaceTheDefaults()
    {
        var options = new WarningCategoryOptions { Categories = [new() { Id = "pyramid-selling", Name = "传销" }] };

        var catalog = new WarningCategoryCatalog(Options.Create(options));

        Assert.True(catalog.IsKnown("pyramid-selling"));
        Assert.False(catalog.IsKnown("telecom-fraud"));
    }

    [Fact]
    public void ReportsAnUnknownCategoryListingTheKnownOnes()
    {
        var errors = new FieldErrors();

        Assert.False(WarningCategoryCatalog.Default.Validate("Telecom-Fraud", "categories[0]", errors));
        var error = Assert.Single(errors);
        Assert.Equal("categories[0]", error.Field);
        Assert.Contains("telecom-fraud", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsValidatorRefusesDuplicateAndMalformedIds()
    {
        var options = new WarningCategoryOptions
        {
            Categories = [new() { Id = "telecom-fraud", Name = "a" }, new() { Id = "telecom-fraud", Name = "b" }, new() { Id = "Bad Id", Name = "c" }],
        };

        var result = new WarningCategoryOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("defined 2 times", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("Categories:2", StringComparison.Ordinal));
    }

    [Fact]
    public void OptionsValidatorAcceptsTheDefaults() =>
        Assert.True(new WarningCategoryOptionsValidator().Validate(null, new WarningCategoryOptions()).Succeeded);
}

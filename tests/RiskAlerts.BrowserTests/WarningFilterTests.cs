using Microsoft.Playwright;
using RiskAlerts.BrowserTests.Fixtures;
using RiskAlerts.Core.Security;
using static Microsoft.Playwright.Assertions;

namespace RiskAlerts.BrowserTests;

/// <summary>The warnings list filtered by severity and by text in the headline, the filters kept in the address.</summary>
public sealed class WarningFilterTests(BrowserStackFixture stack) : IDisposable
{
    private readonly HttpClient _analyst = stack.ClientFor(Role.Analyst);

    [Fact]
    public async Task OperatorFiltersTheWarningsBySeverityAndHeadlineTextAndTheAddressKeepsTheFilters()
    {
        // A county where nobody is registered: these warnings reach no other test's contacts.
        var marker = "筛选" + string.Concat($"{Random.Shared.Next(0, 10_000):D4}".Select(d => "〇一二三四五六七八九"[d - '0']));
        await TestData.SubmitWarningAsync(_analyst, $"{marker}严重诈骗预警", "220103", "Severe");
        await TestData.SubmitWarningAsync(_analyst, $"{marker}一般诈骗预警", "220103", "Moderate");
        await using var console = await ConsoleSession.OpenAsync(stack);
        var page = console.Page;
        await console.SignInAsync(stack.TokenFor(Role.Operator, "值班员赵六"));
        await page.GetByRole(AriaRole.Link, new() { Name = "预警列表" }).ClickAsync();

        await page.GetByLabel("关键词").FillAsync(marker);
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        var rows = page.Locator("#warnings-table tbody tr");
        await Expect(rows).ToHaveCountAsync(2);

        await page.Locator("#warnings-filter").GetByLabel("级别").SelectOptionAsync(new SelectOptionValue { Label = "严重" });
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToContainTextAsync($"{marker}严重诈骗预警");
        Assert.Contains("severity=Severe", page.Url, StringComparison.Ordinal);
        Assert.Empty(await ChineseConsoleTests.LatinWordsAsync(page));

        // The address is the filter: reloading it shows the same list and the same choices.
        await page.ReloadAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(page.GetByLabel("关键词")).ToHaveValueAsync(marker);
        await Expect(page.Locator("#warnings-filter").GetByLabel("级别")).ToHaveValueAsync("Severe");
        await console.ScreenshotAsync("warnings-filtered");
        console.AssertNoDialogsOrErrors();
    }

    public void Dispose() => _analyst.Dispose();
}

using Microsoft.Playwright;
using RiskAlerts.BrowserTests.Fixtures;
using RiskAlerts.Core.Security;
using static Microsoft.Playwright.Assertions;

namespace RiskAlerts.BrowserTests;

/// <summary>Every page on a phone and on a desktop: no sideways scrolling, a screenshot of each.</summary>
public sealed class LayoutTests(BrowserStackFixture stack) : IDisposable
{
    private readonly HttpClient _admin = stack.ClientFor(Role.Admin);
    private readonly HttpClient _analyst = stack.ClientFor(Role.Analyst);
    private readonly HttpClient _approver = stack.ClientFor(Role.Approver);

    public static TheoryData<string> Sizes => ["phone", "desktop"];

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task NoPageScrollsSidewaysAndEachIsPhotographed(string size)
    {
        var uscc = await TestData.RegisterEnterpriseAsync(_admin, "220112");
        var warningId = await TestData.SubmitWarningAsync(_analyst, "版式检查：一条标题较长的电信网络诈骗预警，用来检验窄屏下的换行", "220112", "Extreme");
        // An Extreme warning waits for a second principal's approval before it is sent.
        await TestData.ApproveAsync(_approver, warningId);
        await using var console = await ConsoleSession.OpenAsync(stack, viewport: size == "phone" ? ConsoleSession.Phone : ConsoleSession.Desktop);
        var page = console.Page;
        await AssertNoSidewaysScrollAsync(page, "sign-in");
        await console.ScreenshotAsync($"layout-sign-in-{size}");
        await console.SignInAsync(stack.TokenFor(Role.Admin, "管理员王五"));

        foreach (var (name, fragment, ready) in new[]
        {
            ("submit", "#/submit", "#f-category option"),
            ("warnings", "#/warnings", "#warnings-table tbody tr"),
            ("detail", $"#/warnings/{warningId}", "#progress-channels tbody tr"),
            ("overview", "#/overview", "#overview-warnings tbody tr"),
            ("deadletters", "#/deadletters", "#deadletters-title"),
            ("lookup", "#/lookup", "#lookup-title"),
            ("audit", "#/audit", "#audit-summary:not(:empty)"),
            ("enterprises", "#/enterprises?name=%E9%95%BF%E6%98%A5", "#enterprises-list li"),
            ("enterprise", $"#/enterprises/{uscc}", "#enterprise-contacts li"),
        })
        {
            await page.EvaluateAsync($"() => {{ location.hash = '{fragment}'; }}");
            await Expect(page.Locator(ready).First).ToBeAttachedAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await AssertNoSidewaysScrollAsync(page, name);
            await console.ScreenshotAsync($"layout-{name}-{size}");
        }

        if (size == "phone")
        {
            // The header keeps each link whole on one line: no word is broken (发布预/警). The admin
            // is offered every view but the enterprise's own page, whose link is hidden and has no box.
            foreach (var link in await page.Locator(".bar nav a:visible").AllAsync())
            {
                var box = await link.BoundingBoxAsync();
                Assert.True(box is not null && box.Height < 40, $"{await link.TextContentAsync()} wraps: {box?.Height}px high");
            }
        }

        console.AssertNoDialogsOrErrors();
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page, string name)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        var (scroll, client) = (widths[0], widths[1]);
        Assert.True(scroll <= client, $"{name} scrolls sideways: {scroll}px of content in {client}px");
    }

    public void Dispose()
    {
        _admin.Dispose();
        _analyst.Dispose();
        _approver.Dispose();
    }
}

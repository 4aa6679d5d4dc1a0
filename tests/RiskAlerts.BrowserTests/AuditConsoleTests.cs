using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Playwright;
using RiskAlerts.BrowserTests.Fixtures;
using RiskAlerts.Core.Security;
using static Microsoft.Playwright.Assertions;

namespace RiskAlerts.BrowserTests;

/// <summary>The audit trail: operators and admins read what was done, by whom and why; analysts are not shown it.</summary>
public sealed class AuditConsoleTests(BrowserStackFixture stack)
{
    [Fact]
    public async Task OperatorPausesEmailAndFindsTheEntryInTheAuditTrailWithActorActionTargetAndReasonInChinese()
    {
        // Letters only: the audit keeps reasons masked, and a run of digits would read as a phone number.
        var reason = "邮件网关切换 " + string.Concat(Guid.NewGuid().ToString("N")[..7].Select(c => (char)('g' + Convert.ToInt32(c.ToString(), 16))));
        using (var operatorClient = new HttpClient { BaseAddress = stack.BaseAddress })
        {
            operatorClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", stack.TokenFor(Role.Operator, "值班员赵六"));
            using var paused = await operatorClient.PutAsJsonAsync("/api/operations/pauses/channels/email", new { reason }, TestContext.Current.CancellationToken);
            Assert.True(paused.IsSuccessStatusCode, $"pause failed: {(int)paused.StatusCode}");
            // Resumed at once, so no other test finds email paused; the resume is audited too.
            using var resumed = await operatorClient.DeleteAsync("/api/operations/pauses/channels/email", TestContext.Current.CancellationToken);
            Assert.True(resumed.IsSuccessStatusCode, $"resume failed: {(int)resumed.StatusCode}");
        }

        await using var console = await ConsoleSession.OpenAsync(stack);
        var page = console.Page;
        await console.SignInAsync(stack.TokenFor(Role.Operator, "值班员钱七"));
        await page.GetByRole(AriaRole.Link, new() { Name = "审计日志" }).ClickAsync();

        var entry = page.Locator("#audit-table tbody tr", new() { HasText = reason });
        await Expect(entry).ToHaveCountAsync(1);
        var cells = entry.Locator("td");
        await Expect(cells.Nth(1)).ToHaveTextAsync("值班员赵六");
        await Expect(cells.Nth(2)).ToHaveTextAsync("暂停");
        await Expect(cells.Nth(3)).ToHaveTextAsync("邮件渠道");
        await Expect(cells.Nth(4)).ToHaveTextAsync(reason);
        Assert.False(string.IsNullOrWhiteSpace(await cells.Nth(0).TextContentAsync()));
        // Newest first: the resume that followed the pause is listed above it.
        var rows = page.Locator("#audit-table tbody tr");
        var texts = await rows.AllTextContentsAsync();
        var pauseAt = texts.ToList().FindIndex(text => text.Contains(reason, StringComparison.Ordinal));
        Assert.True(pauseAt > 0, "the resume is not listed before the pause");
        Assert.Contains("恢复", texts[pauseAt - 1], StringComparison.Ordinal);
        await Expect(page.Locator("#audit-summary")).ToContainTextAsync("协调世界时");
        await Expect(page.Locator("#status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^已加载 \\d+ 条审计记录。$"));
        Assert.Empty(await ChineseConsoleTests.LatinWordsAsync(page));
        await console.ScreenshotAsync("operator-audit-trail");

        // The day is in the address: another day lists that day's entries, here none.
        await page.GetByLabel("日期（协调世界时，不填为今天）").FillAsync("2020-01-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "查看", Exact = true }).ClickAsync();
        Assert.EndsWith("#/audit?day=2020-01-01", page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("#audit-empty")).ToBeVisibleAsync();
        await Expect(page.Locator("#audit-table tbody tr")).ToHaveCountAsync(0);
        await Expect(page.Locator("#audit-summary")).ToHaveTextAsync("2020-01-01（协调世界时）：已列出 0 条记录。");
        console.AssertNoDialogsOrErrors();
    }

    [Fact]
    public async Task AnalystIsNotShownTheAuditTrailNorIsItReadOnTheirBehalf()
    {
        await using var console = await ConsoleSession.OpenAsync(stack);
        var page = console.Page;
        var asked = false;
        page.Request += (_, request) => asked |= request.Url.Contains("/api/operations/audit", StringComparison.Ordinal);
        await console.SignInAsync(stack.TokenFor(Role.Analyst));

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "运行概况" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "审计日志" })).ToHaveCountAsync(0);
        await page.GotoAsync("/api/console#/audit");

        await Expect(page.Locator("#forbidden-title")).ToBeVisibleAsync();
        await Expect(page.Locator("#view-audit")).ToBeHiddenAsync();
        Assert.False(asked, "the page asked the API for the audit trail on an analyst's behalf");
        console.AssertNoDialogsOrErrors();
    }
}

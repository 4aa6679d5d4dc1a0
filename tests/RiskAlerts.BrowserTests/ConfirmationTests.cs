using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using RiskAlerts.BrowserTests.Fixtures;
using RiskAlerts.Core.Security;
using static Microsoft.Playwright.Assertions;

namespace RiskAlerts.BrowserTests;

/// <summary>Nothing that reaches a province, or cannot be undone, happens without a confirmation that says how many.</summary>
public sealed class ConfirmationTests(BrowserStackFixture stack) : IDisposable
{
    private readonly HttpClient _admin = stack.ClientFor(Role.Admin);
    private readonly HttpClient _analyst = stack.ClientFor(Role.Analyst);

    [Fact]
    public async Task ProvinceBroadcastAsksFirstRepeatingTheAudienceAndSendsNothingWhenCancelled()
    {
        await TestData.RegisterEnterpriseAsync(_admin, "220112");
        var headline = $"全省广播确认 {Guid.NewGuid():N}"[..16];
        await using var console = await ConsoleSession.OpenAsync(stack);
        var page = console.Page;
        await console.SignInAsync(stack.TokenFor(Role.Analyst));
        await page.GetByLabel("标题").FillAsync(headline);
        await page.GetByLabel("描述").FillAsync("全省范围的预警。");

        // 非法集资: the enterprises other tests count their own messages to do not take it.
        await page.GetByLabel("类别").SelectOptionAsync(new SelectOptionValue { Label = "非法集资" });
        await console.AddRegionAsync("吉林省");

        // Enter in the headline submits the form: it too only asks.
        await page.GetByLabel("标题").PressAsync("Enter");

        var dialog = page.Locator("#confirm");
        await Expect(dialog).ToBeVisibleAsync();
        var enterprises = await page.Locator("#preview-enterprises").TextContentAsync();
        var recipients = await page.Locator("#preview-recipients").TextContentAsync();
        Assert.True(int.Parse(enterprises!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        await Expect(page.Locator("#confirm-text")).ToContainTextAsync($"“{headline}”将发往吉林省：{enterprises} 家企业、{recipients} 位接收人");
        await console.ScreenshotAsync("confirm-province-broadcast");

        await dialog.GetByRole(AriaRole.Button, new() { Name = "取消", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("已取消，未做任何操作。");
        Assert.DoesNotContain(headline, await ListedHeadlinesAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "发送", Exact = true }).ClickAsync();
        await console.ConfirmAsync("确认发送");
        await Expect(page.Locator("#detail-title")).ToHaveTextAsync(headline);
        Assert.Single(await ListedHeadlinesAsync(), h => h == headline);
        console.AssertNoDialogsOrErrors();
    }

    [Fact]
    public async Task RetractAsksFirstAndCancellingLeavesTheWarningAsItWas()
    {
        var id = await TestData.SubmitWarningAsync(_analyst, "撤回前确认");
        await using var console = await ConsoleSession.OpenAsync(stack);
        var page = console.Page;
        await console.SignInAsync(stack.TokenFor(Role.Analyst));
        await page.GotoAsync($"/api/console#/warnings/{id}");
        await Expect(page.Locator("#detail-title")).ToHaveTextAsync("撤回前确认");
        await page.GetByLabel("撤回原因").FillAsync("信息有误");

        await page.GetByRole(AriaRole.Button, new() { Name = "撤回", Exact = true }).ClickAsync();

        await Expect(page.Locator("#confirm-text")).ToContainTextAsync("撤回“撤回前确认”");
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator("#confirm")).ToBeHiddenAsync();
        Assert.NotEqual("Cancelled", await TestData.StatusOfAsync(_analyst, id));
        console.AssertNoDialogsOrErrors();
    }

    private async Task<List<string>> ListedHeadlinesAsync()
    {
        var page = await _analyst.GetFromJsonAsync<JsonObject>("/api/warnings?pageSize=200", TestContext.Current.CancellationToken);
        return [.. page!["items"]!.AsArray().Select(w => w!["headline"]!.GetValue<string>())];
    }

    public void Dispose()
    {
        _admin.Dispose();
        _analyst.Dispose();
    }
}

using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RiskAlerts.BrowserTests.Fixtures;
using RiskAlerts.Core.Security;
using static Microsoft.Playwright.Assertions;

namespace RiskAlerts.BrowserTests;

/// <summary>The console in a real browser against the real local stack.</summary>
public sealed partial class ConsoleTests(BrowserStackFixture stack) : IDisposable
{
    private readonly HttpClient _admin = stack.ClientFor(Role.Admin);
    private readonly HttpClient _analyst = stack.ClientFor(Role.Analyst);

    [Fact]
    public async Task AnalystSignsInPreviewsTheAudienceSendsAndFindsTheWarningInTheListAndItsDetail()
    {
        // Two enterprises in Changchun's Nanguan district, each with an SMS+email contact and an SMS contact.
        await TestData.RegisterEnterpriseAsync(_admin, "220102");
        await TestData.RegisterEnterpriseAsync(_admin, "220102");
        var headline = $"冒充公检法诈骗预警 {Guid.NewGuid():N}"[..20];
        await using var console = await ConsoleSession.OpenAsync(stack);
        var page = console.Page;

        await console.SignInAsync(stack.TokenFor(Role.Analyst));
        await page.GetByLabel("标题").FillAsync(headline);
        await page.GetByLabel("描述").FillAsync("有人冒充公安机关要求企业转账。");
        await page.GetByLabel("处置建议").FillAsync("请勿转账，核实后报警。");
        await page.GetByLabel("严重程度").SelectOptionAsync("Extreme");
        await console.AddRegionAsync("吉林省", "长春市", "南关区");
        await page.GetByRole(AriaRole.Button, new() { Name = "预览受众" }).ClickAsync();

        await Expect(page.Locator("#preview-enterprises")).ToHaveTextAsync("2");
        await Expect(page.Locator("#preview-recipients")).ToHaveTextAsync("6");
        await Expect(page.Locator("#preview-deferred")).ToHaveTextAsync("0");
        await Expect(page.Locator("#preview-prefectures tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#preview-prefectures tbody tr")).ToContainTextAsync("220100");
        await Expect(page.Locator("#preview-channels tbody")).ToContainTextAsync("短信4");
        await Expect(page.Locator("#preview-channels tbody")).ToContainTextAsync("邮件2");
        await Expect(page.Locator("#preview-sample tbody tr").First).ToContainTextAsync("*");
        // Each enterprise of the sample by its name beside its credit code.
        await Expect(page.Locator("#preview-sample tbody tr").First).ToContainTextAsync("有限公司（");
        await console.ScreenshotAsync("analyst-preview");

        await page.GetByRole(AriaRole.Button, new() { Name = "发送" }).ClickAsync();
        await console.ConfirmAsync("确认发送");

        await Expect(page).ToHaveURLAsync(WarningDetailUrl());
        await Expect(page.Locator("#detail-title")).ToHaveTextAsync(headline);
        await Expect(page.Locator("#detail-regions")).ToHaveTextAsync("吉林省 长春市 南关区");
        await Expect(page.Locator("#status")).ToHaveTextAsync("预警已受理。");
        await console.ScreenshotAsync("analyst-sent-detail");

        await page.GetByRole(AriaRole.Link, new() { Name = "预警列表" }).ClickAsync();
        // The shared stack holds more warnings than one page shows: found as an analyst finds one, by its words.
        await FilterWarningsByTextAsync(page, headline);
        var link = page.Locator("#warnings-table").GetByRole(AriaRole.Link, new() { Name = headline });
        await Expect(link).ToBeVisibleAsync();
        await console.ScreenshotAsync("warnings-list");
        await link.ClickAsync();
        await Expect(page.Locator("#detail-title")).ToHaveTextAsync(headline);
        console.AssertNoDialogsOrErrors();
    }

    [Fact]
    public async Task HeadlineHoldingAScriptTagIsShownAsLiteralTextAndNoDialogFires()
    {
        const string headline = "<script>alert(1)</script><img src=x onerror=alert(2)>";
        var id = await TestData.SubmitWarningAsync(_analyst, headline);
        await using var console = await ConsoleSession.OpenAsync(stack);
        await console.SignInAsync(stack.TokenFor(Role.Analyst));
        var page = console.Page;

        await page.GotoAsync($"/api/console#/warnings/{id}");

        await Expect(page.Locator("#detail-title")).ToHaveTextAsync(headline);
        await Expect(page.Locator("#detail-title script, #detail-title img")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "预警列表" }).ClickAsync();
        await FilterWarningsByTextAsync(page, headline);
        await Expect(page.Locator("#warnings-table").GetByRole(AriaRole.Link, new() { Name = headline }).First).ToBeVisibleAsync();
        await Expect(page.Locator("#warnings-table script, #warnings-table img")).ToHaveCountAsync(0);
        await console.ScreenshotAsync("script-headline-as-text");
        console.AssertNoDialogsOrErrors();
    }

    [Fact]
    public async Task LanguageToggleSwitchesTheVisibleLabelsBetweenChineseAndEnglish()
    {
        await using var console = await ConsoleSession.OpenAsync(stack);
        var page = console.Page;
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.Locator("label[for=f-headline]")).ToHaveTextAsync("标题");

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByLabel("Headline")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Preview audience" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Warnings" })).ToBeVisibleAsync();
        await Expect(page.Locator("#sign-in-title")).ToHaveTextAsync("Sign in");
        await console.ScreenshotAsync("language-english");

        await page.GetByRole(AriaRole.Button, new() { Name = "中文" }).ClickAsync();

        await Expect(page.GetByLabel("标题")).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        console.AssertNoDialogsOrErrors();
    }

    [Fact]
    public async Task KeyboardAloneSignsInFillsTheFormAndSendsTheWarning()
    {
        var headline = $"键盘提交 {Guid.NewGuid():N}"[..16];
        await using var console = await ConsoleSession.OpenAsync(stack);
        var page = console.Page;

        await TabToAsync(page, "token-input");
        await page.Keyboard.TypeAsync(stack.TokenFor(Role.Analyst));
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#signed-in")).ToBeVisibleAsync();

        await TabToAsync(page, "f-headline");
        Assert.Equal("solid", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));
        await page.Keyboard.TypeAsync(headline);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("只用键盘填写。");
        await TabToAsync(page, "region-province");
        // 吉林省 is the seventh province in code order (11 北京 ... 21 辽宁, 22 吉林).
        for (var presses = 0; presses < 7; presses++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }

        await Expect(page.Locator("#region-province")).ToHaveValueAsync("220000");
        await TabToAsync(page, "region-add");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#regions-chosen li")).ToHaveTextAsync("吉林省×");
        await TabToAsync(page, "send-button");
        await console.ScreenshotAsync("keyboard-send-focused");
        await page.Keyboard.PressAsync("Enter");

        // The confirmation opens on 取消; the keyboard moves to 确认发送 and confirms.
        await Expect(page.Locator("#confirm-cancel")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#confirm-ok")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(WarningDetailUrl());
        await Expect(page.Locator("#detail-title")).ToHaveTextAsync(headline);
        console.AssertNoDialogsOrErrors();
    }

    [Fact]
    public async Task RetractingFromTheDetailPageShowsTheWarningCancelled()
    {
        var id = await TestData.SubmitWarningAsync(_analyst, "将被撤回的预警");
        await using var console = await ConsoleSession.OpenAsync(stack);
        await console.SignInAsync(stack.TokenFor(Role.Analyst));
        var page = console.Page;
        await page.GotoAsync($"/api/console#/warnings/{id}");
        await Expect(page.Locator("#detail-title")).ToHaveTextAsync("将被撤回的预警");

        await page.GetByLabel("撤回原因").FillAsync("信息有误");
        await page.GetByRole(AriaRole.Button, new() { Name = "撤回" }).ClickAsync();
        await console.ConfirmAsync("确认撤回");

        await Expect(page.Locator("#detail-status")).ToHaveTextAsync("已撤回");
        await Expect(page.Locator("#detail-retraction")).ToHaveTextAsync("信息有误");
        await Expect(page.Locator("#retract-form")).ToBeHiddenAsync();
        await console.ScreenshotAsync("retracted-detail");
        console.AssertNoDialogsOrErrors();
    }

    [Fact]
    public async Task AnalystIssuesACorrectionFromTheDetailPageAndFollowsItsDeliveriesToTheEarlierRecipient()
    {
        var (phone, _) = await TestData.RegisterEnterpriseWithOwnContactAsync(_admin, "220581");
        var headline = $"梅河口诈骗预警 {Guid.NewGuid():N}"[..16];
        var earlierId = await TestData.SubmitWarningAsync(_analyst, headline, region: "220581");
        await TestData.WaitUntilAsync(() => stack.SmsGateway.Messages.Any(m => m.Phone == phone), "the warning's SMS at the gateway");
        await using var console = await ConsoleSession.OpenAsync(stack);
        await console.SignInAsync(stack.TokenFor(Role.Analyst));
        var page = console.Page;
        await page.GotoAsync($"/api/console#/warnings/{earlierId}");
        await Expect(page.Locator("#detail-title")).ToHaveTextAsync(headline);
        await Expect(page.Locator("#progress-pending")).ToHaveTextAsync("0");

        await page.GetByLabel("更正后的主题").FillAsync(headline + "（更正）");
        await page.GetByRole(AriaRole.Button, new() { Name = "发出" }).ClickAsync();
        await console.ConfirmAsync("确认发出");

        // The page moves to the correction, a warning of its own, and follows its deliveries to the end.
        await Expect(page.Locator("#detail-title")).ToHaveTextAsync(headline + "（更正）");
        await Expect(page).ToHaveURLAsync(WarningDetailUrl());
        await Expect(page).Not.ToHaveURLAsync(new Regex(Regex.Escape(earlierId)));
        await Expect(page.Locator("#progress")).ToBeVisibleAsync();
        await Expect(page.Locator("#progress-text")).ToContainTextAsync("100%", new() { Timeout = 30_000 });
        await Expect(page.Locator("#progress-pending")).ToHaveTextAsync("0");
        await console.ScreenshotAsync("correction-progress");
        var texts = stack.SmsGateway.Messages.Where(m => m.Phone == phone).Select(m => m.Text).ToList();
        Assert.Equal(2, texts.Count);
        Assert.Single(texts, t => t.Contains("【更正】", StringComparison.Ordinal) && t.Contains($"“{headline}”", StringComparison.Ordinal));
        Assert.Equal("Superseded", await TestData.StatusOfAsync(_analyst, earlierId));
        console.AssertNoDialogsOrErrors();
    }

    [Fact]
    public async Task RetractAfterSwitchingFastBetweenWarningsCancelsTheWarningOnScreenAndNoOther()
    {
        var earlier = await TestData.SubmitWarningAsync(_analyst, "先打开的预警");
        var onScreen = await TestData.SubmitWarningAsync(_analyst, "后打开的预警");
        await using var console = await ConsoleSession.OpenAsync(stack);
        await console.SignInAsync(stack.TokenFor(Role.Analyst));
        var page = console.Page;

        // The earlier warning's first read answers only after the page has moved on to the other one,
        // as a slow server or a slow phone network does.
        await page.RouteAsync($"**/api/warnings/{earlier}", async route =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            await route.ContinueAsync();
        });
        var earlierRead = page.WaitForResponseAsync(r => r.Url.Contains($"/api/warnings/{earlier}/deliveries", StringComparison.Ordinal));
        await page.EvaluateAsync($"() => {{ location.hash = '#/warnings/{earlier}'; }}");
        await page.EvaluateAsync($"() => {{ location.hash = '#/warnings/{onScreen}'; }}");
        await Expect(page.Locator("#detail-title")).ToHaveTextAsync("后打开的预警");
        await page.GetByLabel("撤回原因").FillAsync("信息有误");
        await earlierRead;

        // Read once, not awaited until it matches: the late answer must never be drawn, not even briefly.
        Assert.Equal("后打开的预警", await page.Locator("#detail-title").TextContentAsync());
        Assert.Equal(onScreen, await page.Locator("#detail-id").TextContentAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "撤回" }).ClickAsync();
        await console.ConfirmAsync("确认撤回");

        await Expect(page.Locator("#detail-status")).ToHaveTextAsync("已撤回");
        Assert.Equal("Cancelled", await TestData.StatusOfAsync(_analyst, onScreen));
        Assert.NotEqual("Cancelled", await TestData.StatusOfAsync(_analyst, earlier));
        console.AssertNoDialogsOrErrors();
    }

    [Fact]
    public async Task ALateAnswerForTheUnfilteredRowsNeverReplacesTheRowsOfTheFilterChosenSince()
    {
        await TestData.RegisterEnterpriseWithOwnContactAsync(_admin, "220182");
        var id = await TestData.SubmitWarningAsync(_analyst, "筛选竞态预警", "220182");
        await using var console = await ConsoleSession.OpenAsync(stack);
        await console.SignInAsync(stack.TokenFor(Role.Analyst));
        var page = console.Page;
        await page.GotoAsync($"/api/console#/warnings/{id}");
        await Expect(page.Locator("#progress")).ToHaveAttributeAsync("data-percent", "100", new() { Timeout = 60_000 });
        await page.Locator("#refresh-deliveries").ClickAsync();
        await Expect(page.Locator("#deliveries-table tbody tr")).ToHaveCountAsync(2);

        // From here on, a read of the unfiltered first page answers late, as on a slow network.
        // Routes are handled one at a time, so the late one is let go from a task of its own.
        var lateRead = new TaskCompletionSource<IRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync($"**/api/warnings/{id}/deliveries?*", async route =>
        {
            var address = route.Request.Url;
            if (!address.Contains("channel=", StringComparison.Ordinal) && address.Contains("pageSize=50", StringComparison.Ordinal))
            {
                lateRead.TrySetResult(route.Request);
                _ = Task.Delay(TimeSpan.FromSeconds(1.5)).ContinueWith(_ => route.ContinueAsync(), TaskScheduler.Default).Unwrap();
                return;
            }

            await route.ContinueAsync();
        });
        await page.Locator("#refresh-deliveries").ClickAsync();
        await page.Locator("#deliveries").GetByLabel("渠道").SelectOptionAsync("email");
        await Expect(page.Locator("#deliveries-table tbody tr")).ToHaveCountAsync(1);

        // Every redraw of the table from now on is watched: the late answer must never be drawn, not
        // even until the next poll puts the filtered rows back.
        await page.EvaluateAsync("""
            () => {
              window.mostRowsSinceFilter = 1;
              const body = document.querySelector('#deliveries-table tbody');
              new MutationObserver(() => {
                window.mostRowsSinceFilter = Math.max(window.mostRowsSinceFilter, body.rows.length);
              }).observe(body, { childList: true });
            }
            """);
        await (await lateRead.Task).ResponseAsync();
        await page.WaitForTimeoutAsync(300);
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.mostRowsSinceFilter"));
        await Expect(page.Locator("#deliveries-table tbody tr")).ToContainTextAsync("***@example.com");
        console.AssertNoDialogsOrErrors();
    }

    public void Dispose()
    {
        _admin.Dispose();
        _analyst.Dispose();
    }

    private static async Task FilterWarningsByTextAsync(IPage page, string text)
    {
        await page.GetByLabel("关键词").FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
    }

    /// <summary>Presses Tab, and only Tab, until the element with <paramref name="id"/> has the focus.</summary>
    private static async Task TabToAsync(IPage page, string id)
    {
        for (var presses = 0; presses < 60; presses++)
        {
            if (await page.EvaluateAsync<string?>("() => document.activeElement?.id") == id)
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"#{id} cannot be reached with the Tab key");
    }

    [GeneratedRegex(@"#/warnings/[0-9a-f-]{36}$")]
    private static partial Regex WarningDetailUrl();
}

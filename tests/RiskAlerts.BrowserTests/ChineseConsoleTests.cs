using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RiskAlerts.BrowserTests.Fixtures;
using RiskAlerts.Core.Security;
using static Microsoft.Playwright.Assertions;

namespace RiskAlerts.BrowserTests;

/// <summary>The zh-CN console speaks Chinese: every visible word, every refusal, at the field it concerns.</summary>
public sealed partial class ChineseConsoleTests(BrowserStackFixture stack) : IDisposable
{
    private readonly HttpClient _admin = stack.ClientFor(Role.Admin);
    private readonly HttpClient _analyst = stack.ClientFor(Role.Analyst);
    private readonly HttpClient _approver = stack.ClientFor(Role.Approver);

    [Fact]
    public async Task EveryPageInChineseShowsNoLatinWordBeyondTheAllowList()
    {
        var uscc = await TestData.RegisterEnterpriseAsync(_admin, "220112");
        var warningId = await TestData.SubmitWarningAsync(_analyst, "中文界面检查预警", "220112", "Extreme");
        // An Extreme warning waits for a second principal's approval before it is sent.
        await TestData.ApproveAsync(_approver, warningId);
        await using var console = await ConsoleSession.OpenAsync(stack);
        var page = console.Page;
        await console.SignInAsync(stack.TokenFor(Role.Admin, "管理员王五"));

        foreach (var (fragment, ready) in new[]
        {
            ("#/submit", "#f-category option"),
            ("#/warnings", "#warnings-table tbody tr"),
            ($"#/warnings/{warningId}", "#progress-channels tbody tr"),
            ("#/overview", "#overview-warnings tbody tr"),
            ("#/deadletters", "#deadletters-title"),
            ("#/lookup", "#lookup-title"),
            ("#/audit", "#audit-summary:not(:empty)"),
            ("#/enterprises?name=%E9%95%BF%E6%98%A5", "#enterprises-list li"),
            ($"#/enterprises/{uscc}", "#enterprise-contacts li"),
        })
        {
            await page.EvaluateAsync($"() => {{ location.hash = '{fragment}'; }}");
            await Expect(page.Locator(ready).First).ToBeAttachedAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var words = await LatinWordsAsync(page);
            Assert.True(words.Count == 0, $"{fragment} shows Latin words: {string.Join(", ", words)}");
        }

        console.AssertNoDialogsOrErrors();
    }

    [Fact]
    public async Task BadSubmissionShowsEachMessageInChineseAtItsFieldMovesTheFocusThereAndSummarisesAtTheTop()
    {
        await using var console = await ConsoleSession.OpenAsync(stack);
        var page = console.Page;
        await console.SignInAsync(stack.TokenFor(Role.Analyst, "分析员李四"));
        await page.GetByLabel("描述").FillAsync("没有标题的预警。");
        await page.GetByLabel("类别").SelectOptionAsync(new SelectOptionValue { Label = "非法集资" });
        await page.GetByLabel("失效时间（可选）").FillAsync("2020-01-01T08:00");
        await console.AddRegionAsync("吉林省");

        await page.GetByRole(AriaRole.Button, new() { Name = "发送" }).ClickAsync();

        var headline = page.GetByLabel("标题");
        await Expect(page.Locator("#warning-form .form-errors")).ToBeVisibleAsync();
        await Expect(page.Locator("#warning-form .form-errors")).ToContainTextAsync("标题：必填");
        await Expect(page.Locator("#warning-form .form-errors")).ToContainTextAsync("失效时间：已经过去，请选择将来的时间");
        await Expect(page.Locator("#headline-error")).ToHaveTextAsync("必填");
        await Expect(page.Locator("#expiresAt-error")).ToHaveTextAsync("已经过去，请选择将来的时间");
        await Expect(headline).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(headline).ToHaveAttributeAsync("aria-describedby", new Regex("headline-error"));
        await Expect(headline).ToBeFocusedAsync();
        Assert.True(await page.Locator("#warning-form .form-errors").IsVisibleAsync());
        Assert.Empty(await LatinWordsAsync(page));
        await console.ScreenshotAsync("field-errors-in-chinese");

        // Correcting the field and sending again clears the marks.
        await headline.FillAsync("更正后的预警");
        await page.GetByLabel("失效时间（可选）").FillAsync(string.Empty);
        await page.GetByRole(AriaRole.Button, new() { Name = "发送" }).ClickAsync();
        await console.ConfirmAsync("确认发送");
        await Expect(page.Locator("#detail-title")).ToHaveTextAsync("更正后的预警");
        await Expect(page.Locator("[aria-invalid=true]")).ToHaveCountAsync(0);

        // The one failed load the browser reports is the refused submission itself.
        Assert.Empty(console.Dialogs);
        Assert.All(console.Errors, error => Assert.Contains("400 (Bad Request)", error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task FormLimitsAreTheApisOwn()
    {
        await using var console = await ConsoleSession.OpenAsync(stack);
        var page = console.Page;
        await Expect(page.Locator("#f-category option")).Not.ToHaveCountAsync(0);

        Assert.Equal("120", await page.GetByLabel("标题").GetAttributeAsync("maxlength"));
        Assert.Equal("2000", await page.GetByLabel("描述").GetAttributeAsync("maxlength"));
        Assert.Equal("500", await page.GetByLabel("处置建议").GetAttributeAsync("maxlength"));
        Assert.Equal("电信网络诈骗", await page.Locator("#f-category option:checked").TextContentAsync());
    }

    public void Dispose()
    {
        _admin.Dispose();
        _analyst.Dispose();
        _approver.Dispose();
    }

    /// <summary>
    /// Latin-letter words in the visible text of the page. Allowed: SMS and the SMS providers' and
    /// mail server's names, identifiers (a word holding a digit, or an address), text the page marks as
    /// another language (the language button, the senders' own English reasons), and what people
    /// wrote (headlines, reasons, names: <c>data-user-text</c>), which is shown as written.
    /// </summary>
    internal static async Task<IReadOnlyList<string>> LatinWordsAsync(IPage page)
    {
        var text = await page.EvaluateAsync<string>("""
            () => {
              const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              const parts = [];
              for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const element = node.parentElement;
                if (!element || element.closest('[lang]:not([lang="zh-CN"]), [data-user-text], script, style')) continue;
                if (!element.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
                if (element.closest('select') && !element.matches('option:checked')) continue;
                parts.push(node.textContent);
              }
              return parts.join(' ');
            }
            """);
        return [.. text.Split([' ', '\n', '\t', '（', '）', '(', ')', '、', '，', '：', ':', ',', '/'], StringSplitOptions.RemoveEmptyEntries)
            .Where(token => LatinWord().IsMatch(token))
            .Where(token => !token.Any(char.IsAsciiDigit) && !token.Contains('@') && !token.Contains('*'))
            .Select(token => LatinWord().Match(token).Value)
            .Where(word => !AllowedWords.Contains(word))
            .Distinct()];
    }

    private static readonly HashSet<string> AllowedWords = new(StringComparer.OrdinalIgnoreCase) { "SMS", "local", "smtp" };

    [GeneratedRegex("[A-Za-z]{2,}")]
    private static partial Regex LatinWord();
}

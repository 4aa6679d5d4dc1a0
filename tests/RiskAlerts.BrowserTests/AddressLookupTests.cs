using Microsoft.Playwright;
using RiskAlerts.BrowserTests.Fixtures;
using RiskAlerts.Core.Security;
using static Microsoft.Playwright.Assertions;

namespace RiskAlerts.BrowserTests;

/// <summary>An operator answering "did my number get the warning?": the deliveries to one address.</summary>
public sealed class AddressLookupTests(BrowserStackFixture stack) : IDisposable
{
    private readonly HttpClient _admin = stack.ClientFor(Role.Admin);
    private readonly HttpClient _analyst = stack.ClientFor(Role.Analyst);
    private readonly HttpClient _approver = stack.ClientFor(Role.Approver);

    [Fact]
    public async Task OperatorFindsTheDeliveriesToOneNumberMaskedAndALookupWithoutAnAddressIsRefusedAtTheField()
    {
        var (phone, _) = await TestData.RegisterEnterpriseWithOwnContactAsync(_admin, "220122");
        var headline = $"地址查询演练 {Guid.NewGuid():N}"[..14];
        var warningId = await TestData.SubmitWarningAsync(_analyst, headline, "220122", "Extreme");
        // An Extreme warning waits for a second principal's approval before it is sent.
        await TestData.ApproveAsync(_approver, warningId);
        await using var console = await ConsoleSession.OpenAsync(stack);
        var page = console.Page;
        await console.SignInAsync(stack.TokenFor(Role.Operator, "值班员王五"));
        await page.GetByRole(AriaRole.Link, new() { Name = "投递查询" }).ClickAsync();

        // Neither address: the API's refusal, in Chinese, at the field.
        await page.GetByRole(AriaRole.Button, new() { Name = "查询", Exact = true }).ClickAsync();
        await Expect(page.Locator("#lookup-form .form-errors")).ToBeVisibleAsync();
        await Expect(page.Locator("#lookup-form .field-error").First).Not.ToBeEmptyAsync();

        await page.GetByLabel("手机号码").FillAsync(phone);
        var row = page.Locator("#lookup-table tbody tr", new() { HasText = headline });
        for (var attempt = 0; attempt < 30 && await row.CountAsync() == 0; attempt++)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "查询", Exact = true }).ClickAsync();
            await Expect(page.Locator("#status")).ToHaveTextAsync("查询完成。");
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }

        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("短信");
        await Expect(row).Not.ToContainTextAsync(phone[3..]);
        Assert.Empty(await ChineseConsoleTests.LatinWordsAsync(page));
        await console.ScreenshotAsync("operator-address-lookup");
        Assert.Empty(console.Dialogs);
        Assert.All(console.Errors, error => Assert.Contains("400 (Bad Request)", error, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _admin.Dispose();
        _analyst.Dispose();
        _approver.Dispose();
    }
}

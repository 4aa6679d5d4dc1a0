using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RiskAlerts.BrowserTests.Fixtures;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Warnings.Complete;
using static Microsoft.Playwright.Assertions;

namespace RiskAlerts.BrowserTests;

/// <summary>
/// The enterprise's own page (#/own), as one of its contacts uses it: the warnings that reached it,
/// acknowledged with a button that the analyst's open page of the warning follows without a reload,
/// its own record in full, and unsubscribing and subscribing again.
/// </summary>
public sealed class OwnPageTests(BrowserStackFixture stack) : IDisposable
{
    // Qian Gorlos, reached by no other browser test's county warning.
    private const string County = "220721";

    // Changling, beside it, for the enterprise that unsubscribes, so that it is not counted in the other's reach.
    private const string OtherCounty = "220722";

    private readonly HttpClient _admin = stack.ClientFor(Role.Admin);
    private readonly HttpClient _analyst = stack.ClientFor(Role.Analyst);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AContactAcknowledgesAWarningOnItsOwnPageAndTheAnalystsOpenDetailShowsItWithoutAReload()
    {
        var (uscc, phone, _) = await TestData.RegisterEnterpriseWithOwnContactAndCodeAsync(_admin, County);
        var headline = $"前郭县本企业确认演练 {Guid.NewGuid():N}"[..18];
        var warningId = await TestData.SubmitWarningAsync(_analyst, headline, region: County);
        await TestData.WaitUntilAsync(() => stack.SmsGateway.Messages.Any(m => m.Phone == phone), "the warning's SMS at the gateway");

        // The analyst follows the warning to Completed, when its page stops polling the deliveries.
        await using var analystConsole = await ConsoleSession.OpenAsync(stack);
        var detail = analystConsole.Page;
        await analystConsole.SignInAsync(stack.TokenFor(Role.Analyst, "分析员李四"));
        await detail.GotoAsync($"/api/console#/warnings/{warningId}");
        await Expect(detail.Locator("#progress-text")).ToContainTextAsync("100%", new() { Timeout = 30_000 });
        Assert.True(await stack.Services.GetRequiredService<CompleteSettledWarningsHandler>().HandleAsync(Cancellation) >= 1);
        await Expect(detail.Locator("#detail-status")).ToHaveTextAsync("已完成", new() { Timeout = 30_000 });
        await Expect(detail.Locator("#acknowledgements-summary")).ToHaveTextAsync("已送达 1 家企业，其中 0 家已确认收到，1 家尚未确认。");
        var deliveryReads = 0;
        detail.Request += (_, request) =>
        {
            if (request.Url.Contains($"/api/warnings/{warningId}/deliveries", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref deliveryReads);
            }
        };

        // The read of the rows that follows the last poll may still be on its way.
        await Task.Delay(TimeSpan.FromSeconds(1), Cancellation);
        var settledReads = Volatile.Read(ref deliveryReads);

        await using var own = await ConsoleSession.OpenAsync(stack, viewport: ConsoleSession.Phone);
        var page = own.Page;
        await own.SignInAsync(stack.EnterpriseTokenFor(uscc, "联系人张三"));

        // The enterprise lands on its own page, and is offered no view it may not use.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/own$"));
        await Expect(page.Locator("#view-enterprise")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "企业", Exact = true })).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "本企业", Exact = true })).ToHaveAttributeAsync("aria-current", "page");
        var card = page.Locator($"#received-list li[data-warning-id='{warningId}']");
        await Expect(card).ToContainTextAsync(headline);
        await Expect(card).ToHaveAttributeAsync("data-acknowledged", "false");
        await Expect(card).ToContainTextAsync("尚未确认收到");
        var scrolls = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(scrolls, "the own page scrolls sideways at 390 px");
        await own.ScreenshotAsync("own-page-received");

        await card.GetByRole(AriaRole.Button, new() { Name = $"确认收到预警：{headline}" }).ClickAsync();
        await Expect(card).ToHaveAttributeAsync("data-acknowledged", "true");
        await Expect(card).ToContainTextAsync("已确认收到");
        await Expect(card.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        // Nobody presses 刷新 on the analyst's page, and its delivery polling stays stopped.
        await Expect(detail.Locator("#acknowledgements-table tbody tr", new() { HasText = uscc })).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Expect(detail.Locator("#acknowledgements-summary")).ToHaveTextAsync("已送达 1 家企业，其中 1 家已确认收到，0 家尚未确认。");
        await Expect(detail.Locator("#not-acknowledged")).ToHaveTextAsync(string.Empty);
        Assert.Equal(settledReads, Volatile.Read(ref deliveryReads));

        // Read again from the server, the enterprise's list says so too.
        await page.ReloadAsync();
        await Expect(card).ToHaveAttributeAsync("data-acknowledged", "true");
        own.AssertNoDialogsOrErrors();
        analystConsole.AssertNoDialogsOrErrors();
    }

    [Fact]
    public async Task TheOwnPageShowsTheEnterprisesOwnNumbersAndPreferencesByNameAndUnsubscribesAndSubscribesAgain()
    {
        var (uscc, phone, email) = await TestData.RegisterEnterpriseWithOwnContactAndCodeAsync(_admin, OtherCounty);
        await using var own = await ConsoleSession.OpenAsync(stack, "#/own");
        var page = own.Page;
        await own.SignInAsync(stack.EnterpriseTokenFor(uscc, "联系人张三"));

        await Expect(page.Locator("#enterprise-uscc")).ToHaveTextAsync(uscc);
        await Expect(page.Locator("#enterprise-contacts")).ToContainTextAsync(phone);
        await Expect(page.Locator("#enterprise-contacts")).ToContainTextAsync(email);
        await Expect(page.Locator("#enterprise-masked")).ToBeHiddenAsync();
        await Expect(page.Locator("#enterprise-regions")).ToHaveTextAsync("吉林省 松原市 长岭县");
        await Expect(page.Locator("#enterprise-severity")).ToHaveTextAsync("中等");
        await Expect(page.Locator("#enterprise-contacts a")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "退订全部预警" }).ClickAsync();
        await own.ConfirmAsync("退订全部预警");
        await Expect(page.Locator("#subscription-state")).ToContainTextAsync("已退订全部预警");
        await Expect(page.Locator("#enterprise-subscription")).ToHaveTextAsync("已退订");
        Assert.True((await _admin.GetFromJsonAsync<JsonObject>($"/api/enterprises/{uscc}", Cancellation))!["unsubscribed"]!.GetValue<bool>());

        await page.GetByRole(AriaRole.Button, new() { Name = "重新订阅" }).ClickAsync();
        await own.ConfirmAsync("重新订阅");
        await Expect(page.Locator("#subscription-state")).ToHaveTextAsync("本企业正在接收预警。");
        await Expect(page.Locator("#enterprise-version")).ToHaveTextAsync("3");
        var stored = await _admin.GetFromJsonAsync<JsonObject>($"/api/enterprises/{uscc}", Cancellation);
        Assert.False(stored!["unsubscribed"]!.GetValue<bool>());
        own.AssertNoDialogsOrErrors();
    }

    [Fact]
    public async Task AContactWhoseNewNumberWaitsForItsCodeSeesItMarkedAndVerifiesItOnItsOwnPage()
    {
        var (uscc, _, email) = await TestData.RegisterEnterpriseWithOwnContactAndCodeAsync(_admin, OtherCounty);
        var newPhone = $"+86136{Random.Shared.Next(0, 100_000_000):D8}";
        using (var self = stack.EnterpriseClientFor(uscc, "联系人张三"))
        {
            var contacts = new JsonObject { ["contacts"] = new JsonArray(TestData.Contact("duty", newPhone, email, "sms", "email")) };
            using var changed = await self.PutAsJsonAsync($"/api/enterprises/{uscc}/contacts", contacts, Cancellation);
            Assert.True(changed.IsSuccessStatusCode, $"contacts change failed: {(int)changed.StatusCode}");
        }

        await TestData.WaitUntilAsync(() => stack.SmsGateway.Messages.Any(m => m.Phone == newPhone && m.Text.Contains("验证码", StringComparison.Ordinal)), "the verification SMS at the gateway");
        var code = System.Text.RegularExpressions.Regex.Match(stack.SmsGateway.Messages.First(m => m.Phone == newPhone).Text, "(?<![0-9])[0-9]{6}(?![0-9])").Value;

        await using var own = await ConsoleSession.OpenAsync(stack, "#/own", viewport: ConsoleSession.Phone);
        var page = own.Page;
        await own.SignInAsync(stack.EnterpriseTokenFor(uscc, "联系人张三"));
        var contact = page.Locator("#enterprise-contacts li[data-contact-id='duty']");
        await Expect(contact.Locator("[data-unverified='sms']")).ToHaveTextAsync("未验证");
        await Expect(contact.Locator("[data-unverified='email']")).ToHaveCountAsync(0);
        await own.ScreenshotAsync("own-page-unverified");

        await contact.GetByLabel("短信验证码").FillAsync(code);
        await contact.GetByRole(AriaRole.Button, new() { Name = "验证", Exact = true }).ClickAsync();

        await Expect(contact.Locator("[data-unverified]")).ToHaveCountAsync(0);
        await Expect(contact.Locator("form.verification")).ToHaveCountAsync(0);
        var stored = await _admin.GetFromJsonAsync<JsonObject>($"/api/enterprises/{uscc}", Cancellation);
        Assert.Empty(stored!["unverified"]!.AsArray());
        own.AssertNoDialogsOrErrors();
    }

    public void Dispose()
    {
        _admin.Dispose();
        _analyst.Dispose();
    }
}

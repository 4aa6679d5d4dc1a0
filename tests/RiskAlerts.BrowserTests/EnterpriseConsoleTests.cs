using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using RiskAlerts.BrowserTests.Fixtures;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Security;
using static Microsoft.Playwright.Assertions;

namespace RiskAlerts.BrowserTests;

/// <summary>The enterprise views: an operator finds an enterprise by name and follows it to its deliveries; an admin edits it.</summary>
public sealed class EnterpriseConsoleTests(BrowserStackFixture stack) : IDisposable
{
    // Counties no other browser test sends to, so these enterprises add no rows to their warnings.
    private const string County = "220183";
    private static int _serial;

    private readonly HttpClient _admin = stack.ClientFor(Role.Admin);
    private readonly HttpClient _analyst = stack.ClientFor(Role.Analyst);
    private readonly HttpClient _approver = stack.ClientFor(Role.Approver);

    [Fact]
    public async Task OperatorFindsAnEnterpriseByNameOpensItAndFollowsToTheDeliveriesToOneOfItsAddresses()
    {
        var word = UniqueChineseWord();
        var name = $"德惠{word}粮油有限公司";
        var (uscc, phone) = await RegisterAsync(name);
        var namesake = (await RegisterAsync($"公主岭{word}物流有限公司", "220184")).Uscc;
        var headline = $"企业查询演练 {Guid.NewGuid():N}"[..14];
        var warningId = await TestData.SubmitWarningAsync(_analyst, headline, County, "Extreme");
        await TestData.ApproveAsync(_approver, warningId);
        await using var console = await ConsoleSession.OpenAsync(stack);
        var page = console.Page;
        await console.SignInAsync(stack.TokenFor(Role.Operator, "值班员赵六"));

        await page.GetByRole(AriaRole.Link, new() { Name = "企业", Exact = true }).ClickAsync();
        // Operators find and read enterprises; registering one is the admins'.
        await Expect(page.Locator("#register")).ToBeHiddenAsync();
        await page.GetByLabel("企业名称").FillAsync(word);
        await page.Locator("#enterprise-search").GetByLabel("省", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "吉林省" });
        await page.Locator("#enterprise-search").GetByLabel("市", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "长春市" });
        await page.GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();

        // Both namesakes are in Changchun; the address is the search, so it can be shared or reloaded.
        var cards = page.Locator("#enterprises-list li");
        await Expect(cards).ToHaveCountAsync(2);
        await Expect(page.Locator("#enterprises-summary")).ToHaveTextAsync("已列出 2 家企业。");
        Assert.Contains("region=220100", page.Url, StringComparison.Ordinal);
        await Expect(page.Locator($"#enterprises-list li[data-uscc='{namesake}']")).ToContainTextAsync("公主岭市");
        Assert.Empty(await ChineseConsoleTests.LatinWordsAsync(page));
        await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();

        await Expect(page.Locator("#enterprise-title")).ToHaveTextAsync(name);
        await Expect(page.Locator("#enterprise-county")).ToHaveTextAsync("吉林省 长春市 德惠市");
        var contact = page.Locator("#enterprise-contacts li");
        await Expect(contact).ToContainTextAsync("张三");
        await Expect(contact).ToContainTextAsync($"+86 {phone[3..6]}****{phone[^4..]}");
        await Expect(page.Locator("#view-enterprise")).Not.ToContainTextAsync(phone[3..]);
        await Expect(page.Locator("#contacts-form")).ToBeHiddenAsync();
        Assert.Empty(await ChineseConsoleTests.LatinWordsAsync(page));
        await page.GetByRole(AriaRole.Link, new() { Name = "张三的短信投递记录" }).ClickAsync();

        // The address never enters the URL: the lookup names the contact and the API finds its number.
        Assert.EndsWith($"#/lookup/{uscc}/duty/sms", page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("#lookup-contact")).ToHaveTextAsync($"{name}：张三的短信投递");
        var row = page.Locator("#lookup-table tbody tr", new() { HasText = headline });
        for (var attempt = 0; attempt < 30 && await row.CountAsync() == 0; attempt++)
        {
            await Task.Delay(500, TestContext.Current.CancellationToken);
            await page.GetByRole(AriaRole.Button, new() { Name = "查询", Exact = true }).ClickAsync();
            await Expect(page.Locator("#status")).ToHaveTextAsync("查询完成。");
        }

        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("短信");
        await Expect(row).ToContainTextAsync($"{name}（{uscc}）");
        await Expect(page.Locator("#lookup-summary")).ToContainTextAsync($"+86 {phone[3..6]}****{phone[^4..]}");
        Assert.DoesNotContain(phone[3..], page.Url, StringComparison.Ordinal);
        Assert.Empty(await ChineseConsoleTests.LatinWordsAsync(page));
        await console.ScreenshotAsync("operator-enterprise-deliveries");

        // The warning's own delivery rows name the enterprise beside its code.
        await row.GetByRole(AriaRole.Link, new() { Name = headline }).ClickAsync();
        await Expect(page.Locator("#deliveries-table tbody tr", new() { HasText = uscc }).First).ToContainTextAsync(name);
        console.AssertNoDialogsOrErrors();
    }

    [Fact]
    public async Task AdminCorrectsAContactTheRefusalShowsAtItsFieldInChineseAndTheFixIsSaved()
    {
        var name = $"德惠{UniqueChineseWord()}农机有限公司";
        var (uscc, _) = await RegisterAsync(name);
        await using var console = await ConsoleSession.OpenAsync(stack, $"#/enterprises/{uscc}");
        var page = console.Page;
        await console.SignInAsync(stack.TokenFor(Role.Admin, "管理员王五"));
        await Expect(page.Locator("#enterprise-title")).ToHaveTextAsync(name);
        await Expect(page.Locator("#enterprise-version")).ToHaveTextAsync("1");

        var editor = page.Locator("#contacts-editor");
        var mobile = editor.GetByLabel("手机号码").First;
        await mobile.FillAsync("12345");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存联系人" }).ClickAsync();

        await Expect(mobile).ToHaveAttributeAsync("aria-invalid", "true");
        var message = page.Locator("#contacts-form [data-field='contacts[0].mobile'] .field-error");
        await Expect(message).ToHaveTextAsync("格式不正确");
        await Expect(page.Locator("#contacts-form .form-errors")).ToContainTextAsync("联系人手机号码");
        await Expect(mobile).ToBeFocusedAsync();
        Assert.Empty(await ChineseConsoleTests.LatinWordsAsync(page));
        await Expect(page.Locator("#enterprise-version")).ToHaveTextAsync("1");

        await mobile.FillAsync("+8613698765432");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存联系人" }).ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("已保存。");
        await Expect(page.Locator("#enterprise-version")).ToHaveTextAsync("2");
        await Expect(page.Locator("#enterprise-contacts li")).ToContainTextAsync("+8613698765432");

        await page.GetByLabel("最低预警级别").SelectOptionAsync("Severe");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存订阅偏好" }).ClickAsync();
        await Expect(page.Locator("#enterprise-version")).ToHaveTextAsync("3");
        await Expect(page.Locator("#enterprise-severity")).ToHaveTextAsync("严重");
        // What the form does not show was sent back as it was: the region of interest is kept.
        await Expect(page.Locator("#enterprise-regions")).ToHaveTextAsync("吉林省 长春市 德惠市");
        var stored = await _admin.GetFromJsonAsync<JsonObject>($"/api/enterprises/{uscc}", TestContext.Current.CancellationToken);
        Assert.Equal("+8613698765432", stored!["contacts"]![0]!["mobile"]!.GetValue<string>());
        Assert.Equal("Severe", stored["preferences"]!["minimumSeverity"]!.GetValue<string>());
        await console.ScreenshotAsync("admin-enterprise-edited");
        Assert.All(console.Errors, error => Assert.Contains("400 (Bad Request)", error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AdminRegistersAnEnterpriseThroughTheFormAndLandsOnItsPageWhereAnOperatorSeesItsContactsMasked()
    {
        var name = $"德惠{UniqueChineseWord()}种业有限公司";
        var serial = Interlocked.Increment(ref _serial);
        var uscc = UnifiedSocialCreditCode.FromFirst17($"91{County}{serial + 950_000_000:D9}").Value;
        var phone = $"+86135{Random.Shared.Next(0, 10_000):D4}{serial:D4}";
        var email = $"reg{serial}-{Guid.NewGuid():N}"[..16] + "@example.com";
        await using var console = await ConsoleSession.OpenAsync(stack, "#/enterprises");
        var page = console.Page;
        await console.SignInAsync(stack.TokenFor(Role.Admin, "管理员王五"));

        var form = page.Locator("#register-form");
        await Expect(form).ToBeVisibleAsync();
        await form.GetByLabel("统一社会信用代码").FillAsync(uscc.ToLowerInvariant());
        await form.GetByLabel("登记名称").FillAsync(name);
        await form.GetByLabel("行业代码").FillAsync("c39");
        await form.GetByLabel("省", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "吉林省" });
        await form.GetByLabel("市", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "长春市" });
        await form.GetByLabel("区县", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "德惠市" });
        await form.Locator("#rg-categories").GetByLabel("非法集资").UncheckAsync();
        await form.GetByLabel("姓名").FillAsync("王五");
        await form.GetByLabel("手机", new() { Exact = true }).FillAsync(phone);
        await form.GetByLabel("短信").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "添加联系人" }).ClickAsync();
        var second = form.Locator("#register-contacts .contact-edit").Nth(1);
        await second.GetByLabel("姓名").FillAsync("赵六");
        await second.GetByLabel("电子邮箱").FillAsync(email);
        await second.GetByLabel("邮件").CheckAsync();
        Assert.Empty(await ChineseConsoleTests.LatinWordsAsync(page));
        await console.ScreenshotAsync("admin-register-enterprise");
        await page.GetByRole(AriaRole.Button, new() { Name = "登记", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"#/enterprises/{uscc}$"));
        await Expect(page.Locator("#enterprise-title")).ToHaveTextAsync(name);
        await Expect(page.Locator("#enterprise-county")).ToHaveTextAsync("吉林省 长春市 德惠市");
        await Expect(page.Locator("#enterprise-version")).ToHaveTextAsync("1");
        await Expect(page.Locator("#enterprise-contacts li")).ToHaveCountAsync(2);
        await Expect(page.Locator("#enterprise-contacts li").Nth(0)).ToContainTextAsync(phone);
        await Expect(page.Locator("#enterprise-contacts li").Nth(1)).ToContainTextAsync("赵六");
        var stored = await _admin.GetFromJsonAsync<JsonObject>($"/api/enterprises/{uscc}", TestContext.Current.CancellationToken);
        Assert.Equal("C39", stored!["enterprise"]!["industry"]!.GetValue<string>());
        var categories = stored["preferences"]!["categories"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        Assert.Contains("telecom-fraud", categories);
        Assert.DoesNotContain("illegal-fundraising", categories);
        Assert.Equal(["sms", "email"], stored["preferences"]!["channels"]!.AsArray().Select(c => c!.GetValue<string>()));

        // An operator opening the same page sees the contacts masked.
        await page.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();
        await console.SignInAsync(stack.TokenFor(Role.Operator, "值班员赵六"));
        await Expect(page.Locator("#enterprise-title")).ToHaveTextAsync(name);
        await Expect(page.Locator("#enterprise-contacts li").Nth(0)).ToContainTextAsync($"+86 {phone[3..6]}****{phone[^4..]}");
        await Expect(page.Locator("#view-enterprise")).Not.ToContainTextAsync(phone[3..]);
        await Expect(page.Locator("#view-enterprise")).Not.ToContainTextAsync(email);
        // The one failed load is the check that the credit code was not yet registered.
        Assert.Empty(console.Dialogs);
        Assert.All(console.Errors, error => Assert.Contains("404 (Not Found)", error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RegistrationWithABadCreditCodeSaysSoAtThatFieldInChineseAndRegistersNothingNorOverwritesARegisteredOne()
    {
        var serial = Interlocked.Increment(ref _serial);
        var good = UnifiedSocialCreditCode.FromFirst17($"91{County}{serial + 960_000_000:D9}").Value;
        var bad = good[..17] + (good[17] == '0' ? '1' : '0');
        var (registered, _) = await RegisterAsync($"德惠{UniqueChineseWord()}米业有限公司");
        await using var console = await ConsoleSession.OpenAsync(stack, "#/enterprises");
        var page = console.Page;
        var writes = 0;
        page.Request += (_, request) => writes += request.Method == "PUT" ? 1 : 0;
        await console.SignInAsync(stack.TokenFor(Role.Admin, "管理员王五"));

        var form = page.Locator("#register-form");
        var code = form.GetByLabel("统一社会信用代码");
        await code.FillAsync(bad);
        await form.GetByLabel("登记名称").FillAsync("德惠错误代码有限公司");
        await form.GetByLabel("行业代码").FillAsync("C39");
        await form.GetByLabel("省", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "吉林省" });
        await form.GetByLabel("市", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "长春市" });
        await form.GetByLabel("区县", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "德惠市" });
        await form.GetByLabel("姓名").FillAsync("王五");
        await form.GetByLabel("手机", new() { Exact = true }).FillAsync("+8613512340000");
        await form.GetByLabel("短信").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "登记", Exact = true }).ClickAsync();

        await Expect(code).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(form.Locator("[data-field='uscc'] .field-error")).ToHaveTextAsync("格式不正确");
        await Expect(form.Locator(".form-errors")).ToContainTextAsync("统一社会信用代码：格式不正确");
        await Expect(code).ToBeFocusedAsync();
        Assert.Empty(await ChineseConsoleTests.LatinWordsAsync(page));
        Assert.EndsWith("#/enterprises", page.Url, StringComparison.Ordinal);
        using (var lookedUp = await _admin.GetAsync($"/api/enterprises/{good}", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NotFound, lookedUp.StatusCode);
        }

        // A code already registered is refused at the field too: the form never overwrites an enterprise.
        await code.FillAsync(registered);
        await page.GetByRole(AriaRole.Button, new() { Name = "登记", Exact = true }).ClickAsync();
        await Expect(form.Locator("[data-field='uscc'] .field-error")).ToHaveTextAsync("该企业已登记，请在其页面修改");
        Assert.Equal(0, writes);
        var stored = await _admin.GetFromJsonAsync<JsonObject>($"/api/enterprises/{registered}", TestContext.Current.CancellationToken);
        Assert.Equal(1, stored!["version"]!.GetValue<int>());
        await console.ScreenshotAsync("admin-register-bad-code");
        Assert.All(console.Errors, error => Assert.Contains("400 (Bad Request)", error, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _admin.Dispose();
        _analyst.Dispose();
        _approver.Dispose();
    }

    /// <summary>Four Chinese numerals no other test's enterprise name holds, so a search finds only this test's.</summary>
    private static string UniqueChineseWord() =>
        string.Concat($"{Random.Shared.Next(0, 10_000):D4}".Select(d => "〇一二三四五六七八九"[d - '0']));

    /// <summary>Registers an enterprise with one contact (SMS) whose number no other test uses.</summary>
    private async Task<(string Uscc, string Phone)> RegisterAsync(string name, string county = County)
    {
        var serial = Interlocked.Increment(ref _serial);
        var uscc = UnifiedSocialCreditCode.FromFirst17($"91{county}{serial + 900_000_000:D9}").Value;
        var phone = $"+86136{Random.Shared.Next(0, 10_000):D4}{serial:D4}";
        var body = new JsonObject
        {
            ["enterprise"] = new JsonObject { ["name"] = name, ["registeredCounty"] = county, ["industry"] = "C39" },
            ["contacts"] = new JsonArray(new JsonObject
            {
                ["id"] = "duty",
                ["name"] = "张三",
                ["role"] = "值班负责人",
                ["mobile"] = phone,
                ["channels"] = new JsonArray("sms"),
            }),
            ["preferences"] = new JsonObject
            {
                ["categories"] = new JsonArray("telecom-fraud"),
                ["minimumSeverity"] = "Moderate",
                ["regions"] = new JsonArray(county),
                ["industries"] = new JsonArray(),
                ["channels"] = new JsonArray("sms"),
            },
        };
        using var response = await _admin.PutAsJsonAsync($"/api/enterprises/{uscc}", body, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (uscc, phone);
    }
}

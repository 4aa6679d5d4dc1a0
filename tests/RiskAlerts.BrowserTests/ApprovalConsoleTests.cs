using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RiskAlerts.BrowserTests.Fixtures;
using RiskAlerts.Core.Security;
using static Microsoft.Playwright.Assertions;

namespace RiskAlerts.BrowserTests;

/// <summary>
/// Four eyes in the console: an approver finds what waits in the approvals queue, sees who it would
/// reach, and approves or rejects it; those who may not decide are offered nothing to decide.
/// Extreme warnings always wait for approval, so each test's warning is one.
/// </summary>
public sealed class ApprovalConsoleTests(BrowserStackFixture stack) : IDisposable
{
    // Counties of Baicheng, reached by no other browser test's county warning: each test its own,
    // so that the audience an approver sees is the test's alone.
    private const string ApprovedCounty = "220802";
    private const string RejectedCounty = "220821";
    private const string OwnCounty = "220822";

    private readonly HttpClient _admin = stack.ClientFor(Role.Admin);
    private readonly HttpClient _analyst = stack.ClientFor(Role.Analyst);

    [Fact]
    public async Task ApproverFindsAWaitingWarningInTheQueueSeesItsAudienceApprovesItAndItIsSent()
    {
        var (phone, _) = await TestData.RegisterEnterpriseWithOwnContactAsync(_admin, ApprovedCounty);
        var headline = $"洮北区投资理财诈骗预警 {Guid.NewGuid():N}"[..20];
        var id = await TestData.SubmitWarningAsync(_analyst, headline, region: ApprovedCounty, severity: "Extreme");
        Assert.Equal("PendingApproval", await TestData.StatusOfAsync(_analyst, id));

        await using var console = await ConsoleSession.OpenAsync(stack);
        var page = console.Page;
        await console.SignInAsync(stack.TokenFor(Role.Approver, "审批人李四"));

        // An approver lands on the queue: the warnings list filtered to those waiting.
        await Expect(page).ToHaveURLAsync(new Regex(@"#/warnings\?status=PendingApproval$"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "待审批" })).ToHaveAttributeAsync("aria-current", "page");
        await page.GetByLabel("关键词").FillAsync(headline);
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = headline }).ClickAsync();

        await Expect(page.Locator("#detail-status")).ToHaveTextAsync("待审批");
        await Expect(page.Locator("#approval-audience")).ToContainTextAsync("1 家企业");
        await Expect(page.Locator("#retract-form")).ToBeHiddenAsync();
        await Expect(page.Locator("#follow-up-form")).ToBeHiddenAsync();
        Assert.DoesNotContain(stack.SmsGateway.Messages, m => m.Phone == phone && m.Text.Contains(headline, StringComparison.Ordinal));
        await console.ScreenshotAsync("approval-pending");

        await page.GetByLabel("审批意见（驳回时必填）").FillAsync("已核实，同意发送");
        await page.GetByRole(AriaRole.Button, new() { Name = "批准发送" }).ClickAsync();
        await console.ConfirmAsync("确认批准");

        // Approved, the page follows the warning out to its enterprise.
        await Expect(page.Locator("#approval-form")).ToBeHiddenAsync();
        await Expect(page.Locator("#progress-text")).ToContainTextAsync("100%", new() { Timeout = 30_000 });
        await TestData.WaitUntilAsync(() => stack.SmsGateway.Messages.Any(m => m.Phone == phone && m.Text.Contains(headline, StringComparison.Ordinal)), "the approved warning's SMS");
        Assert.NotEqual("PendingApproval", await TestData.StatusOfAsync(_analyst, id));
        console.AssertNoDialogsOrErrors();
    }

    [Fact]
    public async Task RejectingAsksForAReasonFirstAndARejectedWarningIsSentToNobody()
    {
        var (phone, _) = await TestData.RegisterEnterpriseWithOwnContactAsync(_admin, RejectedCounty);
        var headline = $"洮北区待驳回预警 {Guid.NewGuid():N}"[..18];
        var id = await TestData.SubmitWarningAsync(_analyst, headline, region: RejectedCounty, severity: "Extreme");
        await using var console = await ConsoleSession.OpenAsync(stack);
        var page = console.Page;
        await console.SignInAsync(stack.TokenFor(Role.Approver, "审批人李四"));
        await page.GotoAsync($"/api/console#/warnings/{id}");
        await Expect(page.Locator("#detail-status")).ToHaveTextAsync("待审批");

        await page.GetByRole(AriaRole.Button, new() { Name = "驳回" }).ClickAsync();
        await Expect(page.Locator("#approval-reason")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal("PendingApproval", await TestData.StatusOfAsync(_analyst, id));

        await page.GetByLabel("审批意见（驳回时必填）").FillAsync("影响范围与事实不符");
        await page.GetByRole(AriaRole.Button, new() { Name = "驳回" }).ClickAsync();
        await console.ConfirmAsync("确认驳回");

        await Expect(page.Locator("#detail-status")).ToHaveTextAsync("已驳回");
        await Expect(page.Locator("#approval-form")).ToBeHiddenAsync();
        Assert.Equal("Rejected", await TestData.StatusOfAsync(_analyst, id));
        Assert.DoesNotContain(stack.SmsGateway.Messages, m => m.Phone == phone && m.Text.Contains(headline, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAnalystIsOfferedNoApprovalAndAnAdminMayNotApproveTheirOwnWarning()
    {
        var headline = $"洮北区本人提交预警 {Guid.NewGuid():N}"[..18];
        var id = await TestData.SubmitWarningAsync(_admin, headline, region: OwnCounty, severity: "Extreme");
        await using var console = await ConsoleSession.OpenAsync(stack);
        var page = console.Page;

        await console.SignInAsync(stack.TokenFor(Role.Analyst));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "待审批" })).ToBeHiddenAsync();
        await page.GotoAsync($"/api/console#/warnings/{id}");
        await Expect(page.Locator("#detail-status")).ToHaveTextAsync("待审批");
        await Expect(page.Locator("#approval-form")).ToBeHiddenAsync();
        await Expect(page.Locator("#retract-form")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();

        // The admin who submitted it is shown the form (the console cannot know), and the API refuses.
        await console.SignInAsync(stack.TokenFor(Role.Admin));
        await page.GotoAsync($"/api/console#/warnings/{id}");
        await Expect(page.Locator("#approval-form")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "批准发送" }).ClickAsync();
        await console.ConfirmAsync("确认批准");
        await Expect(page.Locator("#approval-form .form-errors")).ToBeVisibleAsync();
        Assert.Equal("PendingApproval", await TestData.StatusOfAsync(_analyst, id));
    }

    public void Dispose()
    {
        _admin.Dispose();
        _analyst.Dispose();
    }
}

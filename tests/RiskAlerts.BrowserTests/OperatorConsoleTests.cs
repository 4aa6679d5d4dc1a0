using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RiskAlerts.BrowserTests.Fixtures;
using RiskAlerts.Core.Operations.Pauses;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Warnings.Complete;
using static Microsoft.Playwright.Assertions;

namespace RiskAlerts.BrowserTests;

/// <summary>
/// Following a warning to the last recipient, in a real browser against the real local stack:
/// the analyst's live progress, the overview, and the operator's way out of an SMS outage.
/// </summary>
public sealed class OperatorConsoleTests(BrowserStackFixture stack) : IAsyncDisposable
{
    private readonly HttpClient _admin = stack.ClientFor(Role.Admin);
    private readonly HttpClient _analyst = stack.ClientFor(Role.Analyst);
    private readonly HttpClient _approver = stack.ClientFor(Role.Approver);

    [Fact]
    public async Task AnalystSendsAWarningAndWatchesItsProgressReachOneHundredPercentWithoutReloading()
    {
        var (phone, email) = await TestData.RegisterEnterpriseWithOwnContactAsync(_admin, "220104");
        var headline = $"集资诈骗预警 {Guid.NewGuid():N}"[..16];
        await using var console = await ConsoleSession.OpenAsync(stack);
        var page = console.Page;
        await console.SignInAsync(stack.TokenFor(Role.Analyst));

        await page.GetByLabel("标题").FillAsync(headline);
        await page.GetByLabel("描述").FillAsync("以高息为诱饵非法吸收公众存款。");
        await page.GetByLabel("严重程度").SelectOptionAsync("Extreme");
        await console.AddRegionAsync("吉林省", "长春市", "朝阳区");
        await page.GetByRole(AriaRole.Button, new() { Name = "预览受众" }).ClickAsync();
        await Expect(page.Locator("#preview-enterprises")).ToHaveTextAsync("1");
        await Expect(page.Locator("#preview-recipients")).ToHaveTextAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "发送" }).ClickAsync();
        await console.ConfirmAsync("确认发送");
        await Expect(page.Locator("#detail-title")).ToHaveTextAsync(headline);
        var url = page.Url;

        // An Extreme warning waits for a second principal; the approver lets it go.
        await TestData.ApproveAsync(_approver, Uri.UnescapeDataString(url[(url.LastIndexOf('/') + 1)..]));

        // The page polls: the bar fills as the stand-ins take the SMS and the email, with no reload.
        await Expect(page.Locator("#progress")).ToHaveAttributeAsync("data-percent", "100", new() { Timeout = 60_000 });
        await Expect(page.Locator("#progress-succeeded")).ToHaveTextAsync("2");
        await Expect(page.Locator("#progress-failed")).ToHaveTextAsync("0");
        await Expect(page.Locator("#progress-text")).ToHaveTextAsync("已完成 2 / 2（100%）");
        await Expect(page.Locator("#progress-prefectures tbody")).ToContainTextAsync("220100");
        await Expect(page.Locator("#progress-providers tbody")).ToContainTextAsync("local");
        Assert.Equal(url, page.Url);

        // The rows themselves, read on demand, filtered, addresses masked.
        await page.Locator("#refresh-deliveries").ClickAsync();
        await Expect(page.Locator("#deliveries-table tbody tr")).ToHaveCountAsync(2);
        await page.Locator("#deliveries").GetByLabel("渠道").SelectOptionAsync("email");
        await Expect(page.Locator("#deliveries-table tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#deliveries-table tbody tr")).ToContainTextAsync("***@example.com");
        await Expect(page.Locator("#deliveries-table tbody tr")).ToContainTextAsync("smtp");
        await console.ScreenshotAsync("analyst-progress-100");
        Assert.Single(stack.SmsGateway.Messages, m => m.Phone == phone);

        await page.GetByRole(AriaRole.Link, new() { Name = "运行概况" }).ClickAsync();
        var row = page.Locator("#overview-warnings tbody tr", new() { HasText = headline });
        // The overview counts the rows of the analyst's last 25 warnings: on a busy machine that outlasts the default wait.
        await Expect(row).ToContainTextAsync("100%", new() { Timeout = 30_000 });
        await Expect(page.Locator("#overview-backlog")).ToBeHiddenAsync();

        // The success-rate trend has a point for each real warning with a rate, this one among them.
        await Expect(page.Locator("#success-trend")).ToBeVisibleAsync();
        await Expect(page.Locator("#success-trend-summary")).ToContainTextAsync("最近一条成功率");
        Assert.True(await page.Locator("#success-trend-chart .chart-marker").CountAsync() >= 1);
        await console.ScreenshotAsync("analyst-overview");
        Assert.DoesNotContain(email, await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
        console.AssertNoDialogsOrErrors();
    }

    [Fact]
    public async Task OperatorSeesAnSmsOutageReplaysTheDeadLetterOnceItClearsAndTheDeliveryCompletes()
    {
        var (phone, _) = await TestData.RegisterEnterpriseWithOwnContactAsync(_admin, "220105");
        stack.SmsGateway.Faults.Down = true;
        var headline = $"短信故障演练 {Guid.NewGuid():N}"[..14];
        var warningId = await TestData.SubmitWarningAsync(_analyst, headline, "220105", "Extreme");
        await TestData.ApproveAsync(_approver, warningId);
        await using var console = await ConsoleSession.OpenAsync(stack);
        var page = console.Page;
        await console.SignInAsync(stack.TokenFor(Role.Operator));

        // The overview shows the SMS failing once its retries run out; the email went through.
        await page.GetByRole(AriaRole.Link, new() { Name = "运行概况" }).ClickAsync();
        var row = page.Locator($"#overview-warnings tbody tr[data-warning-id='{warningId}']");
        await Expect(row.Locator("td").Nth(4)).ToHaveTextAsync("1", new() { Timeout = 60_000 });
        await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("1");
        await Expect(page.Locator("#overview-backlog")).ToBeVisibleAsync();
        await console.ScreenshotAsync("operator-overview-outage");

        await page.GetByRole(AriaRole.Link, new() { Name = "死信队列" }).ClickAsync();
        var letter = page.Locator("#deadletters-table tbody tr", new() { HasText = warningId });
        await Expect(letter).ToContainTextAsync("重试次数已用尽", new() { Timeout = 30_000 });
        await Expect(letter).Not.ToContainTextAsync(phone[3..]);
        await console.ScreenshotAsync("operator-dead-letter");

        stack.SmsGateway.Faults.Down = false;
        await letter.GetByRole(AriaRole.Button, new() { NameRegex = new("^重放死信") }).ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync("已重放 1 条死信。");
        await Expect(letter).ToHaveCountAsync(0);

        await page.GotoAsync($"/api/console#/warnings/{warningId}");
        await Expect(page.Locator("#progress-succeeded")).ToHaveTextAsync("2", new() { Timeout = 60_000 });
        await Expect(page.Locator("#progress-failed")).ToHaveTextAsync("0");
        await Expect(page.Locator("#progress")).ToHaveAttributeAsync("data-percent", "100");
        await Expect(page.Locator("#failures")).ToBeHiddenAsync();
        await console.ScreenshotAsync("operator-replayed-complete");
        Assert.Single(stack.SmsGateway.Messages, m => m.Phone == phone);
        console.AssertNoDialogsOrErrors();
    }

    [Fact]
    public async Task OperatorPausesSmsInTheConsoleTheSmsWaitsInServiceBusAndAfterResumeArrivesExactlyOnce()
    {
        var (phone, _) = await TestData.RegisterEnterpriseWithOwnContactAsync(_admin, "220106");
        var pauses = stack.Services.GetRequiredService<LivePauseState>();
        await using var console = await ConsoleSession.OpenAsync(stack);
        var page = console.Page;
        await console.SignInAsync(stack.TokenFor(Role.Operator));
        await page.GetByRole(AriaRole.Link, new() { Name = "运行概况" }).ClickAsync();

        await page.GetByLabel("对象", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "短信渠道" });
        await page.GetByLabel("暂停原因").FillAsync("运营商通道维护");
        await page.GetByRole(AriaRole.Button, new() { Name = "暂停", Exact = true }).ClickAsync();
        await Expect(page.Locator("#paused-channels")).ToHaveTextAsync("已暂停的渠道：短信（消息在队列中等待）");
        await Expect(page.Locator("#pauses-table tbody tr[data-target='channel:sms']")).ToContainTextAsync("运营商通道维护");
        await TestData.WaitUntilAsync(() => pauses.Current.IsChannelPaused("sms"), "the senders see the pause");

        var headline = $"渠道暂停演练 {Guid.NewGuid():N}"[..14];
        var warningId = await TestData.SubmitWarningAsync(_analyst, headline, "220106", "Extreme");
        await TestData.ApproveAsync(_approver, warningId);
        var row = page.Locator($"#overview-warnings tbody tr[data-warning-id='{warningId}']");

        // The email goes; the SMS waits in its subscription while the channel is paused.
        await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("1", new() { Timeout = 30_000 });
        await Expect(row.Locator("td").Nth(5)).ToHaveTextAsync("1");
        await Task.Delay(TimeSpan.FromSeconds(1.5), TestContext.Current.CancellationToken);
        Assert.DoesNotContain(stack.SmsGateway.Messages, m => m.Phone == phone);
        await Expect(row.Locator("td").Nth(5)).ToHaveTextAsync("1");
        await console.ScreenshotAsync("operator-sms-paused");

        await page.GetByRole(AriaRole.Button, new() { Name = "恢复 短信渠道" }).ClickAsync();
        await Expect(page.Locator("#paused-channels")).ToBeHiddenAsync();
        await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("2", new() { Timeout = 30_000 });
        await Expect(row.Locator("td").Nth(5)).ToHaveTextAsync("0");
        await console.ScreenshotAsync("operator-sms-resumed");
        Assert.Single(stack.SmsGateway.Messages, m => m.Phone == phone);
        console.AssertNoDialogsOrErrors();
    }

    [Fact]
    public async Task RowsFollowTheDeliveryWithoutRefreshTheWarningReachesCompletedAndPollingStops()
    {
        await TestData.RegisterEnterpriseWithOwnContactAsync(_admin, "220113");
        var warningId = await TestData.SubmitWarningAsync(_analyst, "完成后停止轮询", "220113", "Extreme");
        // An Extreme warning waits for a second principal's approval before it is sent.
        await TestData.ApproveAsync(_approver, warningId);
        await using var console = await ConsoleSession.OpenAsync(stack);
        var page = console.Page;
        await console.SignInAsync(stack.TokenFor(Role.Analyst));
        var reads = 0;
        var acknowledgementReads = 0;
        page.Request += (_, request) =>
        {
            // Who acknowledged is followed on its own, slowly, for as long as the page is open.
            if (request.Url.Contains($"/api/warnings/{warningId}/acknowledgements", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref acknowledgementReads);
            }
            else if (request.Url.Contains($"/api/warnings/{warningId}", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref reads);
            }
        };

        await page.GotoAsync($"/api/console#/warnings/{warningId}");

        // Nobody presses 刷新: the rows move from 已规划 to their outcomes as the page polls.
        var rows = page.Locator("#deliveries-table tbody tr");
        await Expect(rows).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await Expect(page.Locator("#deliveries-table tbody")).ToContainTextAsync("已送达", new() { Timeout = 60_000 });
        await Expect(page.Locator("#deliveries-table tbody")).ToContainTextAsync("已发送");
        await Expect(page.Locator("#deliveries-table tbody")).Not.ToContainTextAsync("已规划");

        // The completion sweep, as its timer runs it in the host (the test host runs no timers, so
        // that other tests' warnings stay open to retract).
        Assert.True(await stack.Services.GetRequiredService<CompleteSettledWarningsHandler>().HandleAsync(TestContext.Current.CancellationToken) >= 1);
        await Expect(page.Locator("#detail-status")).ToHaveTextAsync("已完成", new() { Timeout = 30_000 });
        await Expect(page.Locator("#retract-form")).ToBeHiddenAsync();
        await console.ScreenshotAsync("analyst-completed");

        // Settled: the page reads the warning and its deliveries no more, only who acknowledged it.
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        var settled = Volatile.Read(ref reads);
        var acknowledgementsBefore = Volatile.Read(ref acknowledgementReads);
        await Task.Delay(TimeSpan.FromSeconds(6), TestContext.Current.CancellationToken);
        Assert.Equal(settled, Volatile.Read(ref reads));
        Assert.InRange(Volatile.Read(ref acknowledgementReads) - acknowledgementsBefore, 1, 2);
        console.AssertNoDialogsOrErrors();
    }

    [Fact]
    public async Task AnalystIsNotShownTheDeadLettersNorTheirReplayButtons()
    {
        await using var console = await ConsoleSession.OpenAsync(stack);
        var page = console.Page;
        var asked = false;
        page.Request += (_, request) => asked |= request.Url.Contains("/api/operations/deadletters", StringComparison.Ordinal);
        await console.SignInAsync(stack.TokenFor(Role.Analyst));

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "死信队列" })).ToHaveCountAsync(0);
        await page.GotoAsync("/api/console#/deadletters");

        await Expect(page.Locator("#forbidden-title")).ToBeVisibleAsync();
        await Expect(page.Locator("#view-deadletters")).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "全部重放" })).ToHaveCountAsync(0);
        Assert.False(asked, "the page asked the API for dead letters on an analyst's behalf");
        console.AssertNoDialogsOrErrors();
    }

    public async ValueTask DisposeAsync()
    {
        // Whatever a test left broken or paused is put right, so the next test finds a working stack.
        stack.SmsGateway.Faults.Down = false;
        using var operatorClient = stack.ClientFor(Role.Operator);
        using var resumed = await operatorClient.DeleteAsync("/api/operations/pauses/channels/sms");
        _admin.Dispose();
        _analyst.Dispose();
        _approver.Dispose();
    }
}

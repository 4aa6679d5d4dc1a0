using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Playwright;
using RiskAlerts.BrowserTests.Fixtures;
using RiskAlerts.Core.Security;
using static Microsoft.Playwright.Assertions;

namespace RiskAlerts.BrowserTests;

/// <summary>
/// What a warning's page reports once it went out: the delivery chart, who acknowledged it (read
/// again on 刷新, since acknowledgements keep coming after polling stopped) and its evidence as a file.
/// </summary>
public sealed class DeliveryReportTests(BrowserStackFixture stack) : IDisposable
{
    // Taonan, reached by no other browser test's county warning.
    private const string County = "220881";

    private readonly HttpClient _admin = stack.ClientFor(Role.Admin);
    private readonly HttpClient _analyst = stack.ClientFor(Role.Analyst);

    [Fact]
    public async Task SentWarningShowsItsDeliveryChartWhoAcknowledgedItAndExportsItsEvidence()
    {
        var (uscc, phone, _) = await TestData.RegisterEnterpriseWithOwnContactAndCodeAsync(_admin, County);
        var headline = $"洮南市集资诈骗预警 {Guid.NewGuid():N}"[..18];
        var id = await TestData.SubmitWarningAsync(_analyst, headline, region: County);
        await TestData.WaitUntilAsync(() => stack.SmsGateway.Messages.Any(m => m.Phone == phone), "the warning's SMS at the gateway");
        await using var console = await ConsoleSession.OpenAsync(stack);
        var page = console.Page;
        await console.SignInAsync(stack.TokenFor(Role.Analyst));
        await page.GotoAsync($"/api/console#/warnings/{id}");
        await Expect(page.Locator("#progress-text")).ToContainTextAsync("100%", new() { Timeout = 30_000 });

        // One line per channel in each chart, and their numbers in words for those who cannot see it.
        await Expect(page.Locator("#delivery-chart")).ToBeVisibleAsync();
        await Expect(page.Locator("#chart-rate polyline")).ToHaveCountAsync(2);
        await Expect(page.Locator("#chart-total polyline[data-channel=sms]")).ToHaveCountAsync(1);
        await Expect(page.Locator("#chart-summary")).ToContainTextAsync("短信：峰值每秒");
        await Expect(page.Locator("#chart-summary")).ToContainTextAsync("共 1 条");
        await Expect(page.Locator("#chart-rate")).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex("每秒送出"));

        await Expect(page.Locator("#acknowledgements-summary")).ToHaveTextAsync("已送达 1 家企业，其中 0 家已确认收到，1 家尚未确认。");
        await Expect(page.Locator("#not-acknowledged")).ToContainTextAsync(uscc);

        using (var enterprise = new HttpClient { BaseAddress = stack.BaseAddress })
        {
            enterprise.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", stack.EnterpriseTokenFor(uscc, "值班联系人"));
            using var acknowledged = await enterprise.PostAsJsonAsync($"/api/warnings/{id}/acknowledgements", new { contactId = "duty" }, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Created, acknowledged.StatusCode);
        }

        await page.Locator("#refresh-acknowledgements").ClickAsync();
        await Expect(page.Locator("#acknowledgements-summary")).ToHaveTextAsync("已送达 1 家企业，其中 1 家已确认收到，0 家尚未确认。");
        await Expect(page.Locator("#acknowledgements-table tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#acknowledgements-table tbody tr")).ToContainTextAsync(uscc);
        await Expect(page.Locator("#not-acknowledged")).ToHaveTextAsync(string.Empty);
        await console.ScreenshotAsync("delivery-report");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "导出证据表格" }).ClickAsync());
        Assert.Equal($"evidence-{id}.csv", download.SuggestedFilename);
        await using var file = await download.CreateReadStreamAsync();
        using var reader = new MemoryStream();
        await file.CopyToAsync(reader, TestContext.Current.CancellationToken);
        var bytes = reader.ToArray();
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        var csv = Encoding.UTF8.GetString(bytes);
        Assert.Contains(id, csv, StringComparison.Ordinal);
        Assert.Contains(headline, csv, StringComparison.Ordinal);
        Assert.DoesNotContain(phone, csv, StringComparison.Ordinal);
        console.AssertNoDialogsOrErrors();
    }

    public void Dispose()
    {
        _admin.Dispose();
        _analyst.Dispose();
    }
}

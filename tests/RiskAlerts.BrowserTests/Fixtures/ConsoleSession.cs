using Microsoft.Playwright;

namespace RiskAlerts.BrowserTests.Fixtures;

/// <summary>
/// One browser context on the console page, fresh storage each time. It records every dialog
/// and every script error the page raises, so a test can assert that none happened, and saves
/// screenshots under <see cref="BrowserStackFixture.ScreenshotDirectory"/>, listed in the test output.
/// </summary>
public sealed class ConsoleSession : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _dialogs = [];
    private readonly List<string> _errors = [];

    private ConsoleSession(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Dialog += async (_, dialog) =>
        {
            _dialogs.Add($"{dialog.Type}: {dialog.Message}");
            await dialog.DismissAsync();
        };
        page.PageError += (_, error) => _errors.Add(error);
        page.Console += (_, message) =>
        {
            // A Content-Security-Policy violation is reported here, not as a page error. The one
            // expected failed load is the deliveries endpoint answering 404 where it does not exist:
            // the page then shows the warning's status alone.
            var deliveriesAbsent = message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal)
                && message.Location.Contains("/deliveries", StringComparison.Ordinal);
            if (message.Type == "error" && !deliveriesAbsent)
            {
                _errors.Add($"{message.Text} ({message.Location})");
            }
        };
    }

    public IPage Page { get; }

    /// <summary>Dialogs (alert, confirm, prompt) the page opened.</summary>
    public IReadOnlyList<string> Dialogs => _dialogs;

    /// <summary>Script errors and console errors of the page.</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>A desktop window.</summary>
    public static readonly ViewportSize Desktop = new() { Width = 1200, Height = 900 };

    /// <summary>A phone held upright (390 × 844 CSS pixels).</summary>
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    public static async Task<ConsoleSession> OpenAsync(BrowserStackFixture stack, string fragment = "", ViewportSize? viewport = null)
    {
        var context = await stack.Browser.NewContextAsync(new()
        {
            BaseURL = stack.BaseAddress.AbsoluteUri,
            Locale = "zh-CN",
            ViewportSize = viewport ?? Desktop,
            IsMobile = viewport == Phone,
            HasTouch = viewport == Phone,
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var session = new ConsoleSession(context, page);
        await page.GotoAsync("/api/console" + fragment);
        return session;
    }

    /// <summary>Signs in through the page's own sign-in field.</summary>
    public async Task SignInAsync(string token)
    {
        await Page.GetByLabel("访问令牌").FillAsync(token);
        await Page.Locator("#sign-in-form button[type=submit]").ClickAsync();
        await Assertions.Expect(Page.Locator("#signed-in")).ToBeVisibleAsync();
    }

    /// <summary>Adds a region to the warning form through its picker, by the names a user reads.</summary>
    public async Task AddRegionAsync(string province, string? prefecture = null, string? county = null)
    {
        // The warning form's own picker: the enterprise search has one too.
        var picker = Page.Locator("#f-regions");
        await picker.GetByLabel("省", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = province });
        if (prefecture is not null)
        {
            await picker.GetByLabel("市", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = prefecture });
        }

        if (county is not null)
        {
            await picker.GetByLabel("区县", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = county });
        }

        await picker.GetByRole(AriaRole.Button, new() { Name = "添加地区" }).ClickAsync();
    }

    /// <summary>Answers the page's confirmation with its confirming button, named <paramref name="action"/>.</summary>
    public async Task ConfirmAsync(string action)
    {
        var dialog = Page.Locator("#confirm");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = action, Exact = true }).ClickAsync();
        await Assertions.Expect(dialog).ToBeHiddenAsync();
    }

    /// <summary>A full-page screenshot named <paramref name="name"/>.png; its path goes to the test output.</summary>
    public async Task ScreenshotAsync(string name)
    {
        var path = Path.Combine(BrowserStackFixture.ScreenshotDirectory, name + ".png");
        await Page.ScreenshotAsync(new() { Path = path, FullPage = true });
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {path}");
        TestContext.Current.AddAttachment(name, path);
    }

    /// <summary>Fails the test if the page opened a dialog or raised a script error.</summary>
    public void AssertNoDialogsOrErrors()
    {
        Assert.True(_dialogs.Count == 0, "dialogs: " + string.Join(" | ", _dialogs));
        Assert.True(_errors.Count == 0, "page errors: " + string.Join(" | ", _errors));
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}

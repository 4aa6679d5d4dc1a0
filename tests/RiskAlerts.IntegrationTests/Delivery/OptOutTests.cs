using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Registrations.OptOut;

namespace RiskAlerts.IntegrationTests.Delivery;

/// <summary>
/// Opt-out that works: the email's one-click unsubscribe (RFC 8058) and its page, and the SMS replies
/// TD / T / 退订, each change the enterprise's record, are recorded as consent events, and the next
/// warning is not planned for what was stopped.
/// </summary>
[Collection(DeliveryStackCollection.Name)]
public sealed class OptOutTests(DeliveryStackFixture stack) : IDisposable
{
    private readonly EnterpriseLoop _loop = new(stack);
    private readonly HttpClient _anonymous = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OneClickUnsubscribeStopsTheContactsEmailAndTheNextWarningPlansNoEmailForIt()
    {
        var (uscc, _, email) = await _loop.RegisterAsync("640202");
        var first = await _loop.Scenario.SubmitAsync("640202", "Extreme");
        var message = await _loop.WaitForEmailAsync(email, first);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);

        // What a mail client does for RFC 8058: POST the form to the header's URL, no cookie, no session.
        using (var oneClick = await _anonymous.PostAsync(EnterpriseLoop.ListUnsubscribe(message), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]), Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        }

        Assert.Equal(["sms"], await _loop.ChannelsOfAsync(uscc));
        var consent = Assert.Single(await _loop.ConsentEventsAsync(uscc));
        Assert.Equal(("legal", "email", "OneClick", first), (consent.GetString("ContactId"), consent.GetString("Channel"), consent.GetString("Source"), consent.GetString("WarningId")));
        var listed = await _loop.ConsentsAsync(uscc);
        Assert.Equal(["OneClick", "Registration"], listed.Select(e => e.GetProperty("source").GetString()));
        Assert.Equal(("legal", "email", true, first, "2026-01"), (listed[0].GetProperty("contactId").GetString(), listed[0].GetProperty("via").GetString(), listed[0].GetProperty("withdrawal").GetBoolean(), listed[0].GetProperty("warningId").GetString(), listed[0].GetProperty("noticeVersion").GetString()));
        Assert.False(listed[0].TryGetProperty("by", out _), "the contact itself asked: no principal");

        // A second click (mail clients retry) changes nothing more.
        using (var again = await _anonymous.PostAsync(EnterpriseLoop.ListUnsubscribe(message), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]), Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        Assert.Single(await _loop.ConsentEventsAsync(uscc));
        // The senders' ledger has the mailbox once: a delivery planned before the click is suppressed when sent.
        var optOut = Assert.Single(await stack.Services.GetRequiredService<IOptOutLedger>().FindSinceAsync(DeliveryKeys.ShardOf(email), DateTimeOffset.UtcNow.AddMinutes(-10), Cancellation), e => e.Address == email);
        Assert.Equal((Channel.Email, uscc, (string?)null), (optOut.Channel, optOut.Uscc, optOut.Category));

        var next = await _loop.Scenario.SubmitAsync("640202", "Extreme");
        var rows = await _loop.WaitForFinishedRowsAsync(next, uscc, 1);
        Assert.Equal("sms", Assert.Single(rows).GetString("Channel"));
        Assert.DoesNotContain(stack.Smtp.Messages, m => m.To.Contains(email, StringComparer.OrdinalIgnoreCase) && m.Headers.GetValueOrDefault("X-RiskAlerts-Warning") == next);
    }

    [Fact]
    public async Task TheUnsubscribePagesGetChangesNothingAndItsCategoryChoiceStopsThatCategoryForTheEnterprise()
    {
        var (uscc, _, email) = await _loop.RegisterAsync("640205");
        var (control, _, _) = await _loop.RegisterAsync("640205");
        var first = await _loop.Scenario.SubmitAsync("640205", "Extreme");
        var link = EnterpriseLoop.UnsubscribeLink(await _loop.WaitForEmailAsync(email, first));
        var before = (await _loop.EnterpriseAsync(uscc)).GetProperty("version").GetInt64();

        using (var page = await _anonymous.GetAsync(link, Cancellation))
        {
            var html = await page.Content.ReadAsStringAsync(Cancellation);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("value=\"channel\"", html, StringComparison.Ordinal);
            Assert.Contains("value=\"category\"", html, StringComparison.Ordinal);
            Assert.Contains("“电信网络诈骗”", html, StringComparison.Ordinal);
        }

        Assert.Equal(before, (await _loop.EnterpriseAsync(uscc)).GetProperty("version").GetInt64());
        Assert.Empty(await _loop.ConsentEventsAsync(uscc));

        using (var chosen = await _anonymous.PostAsync(link, new FormUrlEncodedContent([new("scope", "category")]), Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, chosen.StatusCode);
            Assert.Contains("data-category-stopped", await chosen.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        }

        var categories = (await _loop.EnterpriseAsync(uscc)).GetProperty("preferences").GetProperty("categories").EnumerateArray().Select(c => c.GetString());
        Assert.Equal(["illegal-fundraising"], categories);
        Assert.Equal(["sms", "email"], await _loop.ChannelsOfAsync(uscc));
        Assert.Equal("telecom-fraud", Assert.Single(await _loop.ConsentEventsAsync(uscc)).GetString("Category"));

        var next = await _loop.Scenario.SubmitAsync("640205", "Extreme");
        await _loop.WaitForFinishedRowsAsync(next, control, 2);
        Assert.Empty(await _loop.RowsForAsync(next, uscc));
    }

    [Fact]
    public async Task AnUnsubscribePostWithoutAChoiceNamesTheFieldAndChangesNothing()
    {
        var (uscc, _, email) = await _loop.RegisterAsync("640205");
        var first = await _loop.Scenario.SubmitAsync("640205", "Extreme");
        var link = EnterpriseLoop.UnsubscribeLink(await _loop.WaitForEmailAsync(email, first));

        using var response = await _anonymous.PostAsync(link, new FormUrlEncodedContent([new("scope", "everything")]), Cancellation);

        var problem = await Fixtures.ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("scope", Fixtures.ProblemAssertions.ErrorFields(problem));
        Assert.Equal(["sms", "email"], await _loop.ChannelsOfAsync(uscc));
        Assert.Empty(await _loop.ConsentEventsAsync(uscc));
    }

    [Theory]
    [InlineData("TD")]
    [InlineData("t")]
    [InlineData("退订")]
    public async Task EachOptOutReplyStopsSmsToThatNumberAndTheNextWarningPlansNoSmsForIt(string reply)
    {
        var (uscc, phone, _) = await _loop.RegisterAsync("640302");
        var first = await _loop.Scenario.SubmitAsync("640302", "Extreme");
        await _loop.WaitForFinishedRowsAsync(first, uscc, 2);

        Assert.Equal(200, await stack.SmsGateway.SimulateReplyAsync(phone, reply, Cancellation));

        Assert.Equal(["email"], await _loop.ChannelsOfAsync(uscc));
        var consent = Assert.Single(await _loop.ConsentEventsAsync(uscc));
        Assert.Equal(("sms", "SmsReply"), (consent.GetString("Channel"), consent.GetString("Source")));
        var listed = await _loop.ConsentsAsync(uscc);
        Assert.Equal(("SmsReply", "sms", true, first), (listed[0].GetProperty("source").GetString(), listed[0].GetProperty("via").GetString(), listed[0].GetProperty("withdrawal").GetBoolean(), listed[0].GetProperty("warningId").GetString()));
        var next = await _loop.Scenario.SubmitAsync("640302", "Extreme");
        var rows = await _loop.WaitForFinishedRowsAsync(next, uscc, 1);
        Assert.Equal("email", Assert.Single(rows).GetString("Channel"));
        Assert.Single(stack.SmsGateway.Messages, m => m.Phone == phone);
    }

    public void Dispose()
    {
        _loop.Dispose();
        _anonymous.Dispose();
    }
}

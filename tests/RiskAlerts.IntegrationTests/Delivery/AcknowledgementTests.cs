using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RiskAlerts.Core.Security;

namespace RiskAlerts.IntegrationTests.Delivery;

/// <summary>
/// A warning has done its job when someone at the enterprise has read it: acknowledgement by the
/// email's link (whose GET a mail scanner may follow without effect), by SMS reply, and by the
/// enterprise through the API, each recorded once per contact and shown by enterprise in the detail.
/// </summary>
[Collection(DeliveryStackCollection.Name)]
public sealed class AcknowledgementTests(DeliveryStackFixture stack) : IDisposable
{
    private readonly EnterpriseLoop _loop = new(stack);
    private readonly HttpClient _anonymous = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AMailScannerFollowingTheAcknowledgeLinkRecordsNothingAndTheConfirmButtonRecordsTheContactOnce()
    {
        var (uscc, _, email) = await _loop.RegisterAsync("640105");
        var warningId = await _loop.Scenario.SubmitAsync("640105", "Extreme");
        var link = EnterpriseLoop.AcknowledgeLink(await _loop.WaitForEmailAsync(email, warningId));

        // What a link-following scanner does: GET, twice.
        for (var i = 0; i < 2; i++)
        {
            using var scanned = await _anonymous.GetAsync(link, Cancellation);
            var page = await scanned.Content.ReadAsStringAsync(Cancellation);
            Assert.Equal(HttpStatusCode.OK, scanned.StatusCode);
            Assert.Contains("<form method=\"post\">", page, StringComparison.Ordinal);
            Assert.Matches("^[0-9A-HJKMNP-TV-Z]{8}$", EnterpriseLoop.ReferenceOn(page));
        }

        Assert.Empty(await _loop.AcknowledgementRowsAsync(warningId));
        Assert.Equal(0, (await _loop.AcknowledgementsAsync(warningId)).GetProperty("acknowledged").GetInt32());

        using (var confirmed = await _anonymous.PostAsync(link, content: null, Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
            Assert.Contains("data-acknowledged", await confirmed.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        }

        var first = Assert.Single(await _loop.AcknowledgementRowsAsync(warningId));
        using (var again = await _anonymous.PostAsync(link, content: null, Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        var kept = Assert.Single(await _loop.AcknowledgementRowsAsync(warningId));
        Assert.Equal(first.ETag, kept.ETag);
        var acknowledgements = await _loop.AcknowledgementsAsync(warningId);
        Assert.Equal((1, 1, 0), (acknowledgements.GetProperty("enterprises").GetInt32(), acknowledgements.GetProperty("acknowledged").GetInt32(), acknowledgements.GetProperty("notAcknowledged").GetInt32()));
        var byEnterprise = Assert.Single(acknowledgements.GetProperty("byEnterprise").EnumerateArray());
        Assert.Equal((uscc, "email"), (byEnterprise.GetProperty("uscc").GetString(), byEnterprise.GetProperty("channel").GetString()));
        Assert.Equal("legal", Assert.Single(byEnterprise.GetProperty("contacts").EnumerateArray()).GetProperty("contactId").GetString());
    }

    [Fact]
    public async Task AForgedOrIncompleteAcknowledgeLinkOpensNothingAndRecordsNothing()
    {
        var (_, _, email) = await _loop.RegisterAsync("640381");
        var warningId = await _loop.Scenario.SubmitAsync("640381", "Extreme");
        var link = EnterpriseLoop.AcknowledgeLink(await _loop.WaitForEmailAsync(email, warningId));

        using (var forgedGet = await _anonymous.GetAsync(EnterpriseLoop.Forged(link), Cancellation))
        using (var forgedPost = await _anonymous.PostAsync(EnterpriseLoop.Forged(link), content: null, Cancellation))
        {
            await Fixtures.ProblemAssertions.AssertProblemAsync(forgedGet, HttpStatusCode.NotFound);
            await Fixtures.ProblemAssertions.AssertProblemAsync(forgedPost, HttpStatusCode.NotFound);
        }

        using (var incomplete = await _anonymous.PostAsync(new Uri(link.GetLeftPart(UriPartial.Path)), content: null, Cancellation))
        {
            var problem = await Fixtures.ProblemAssertions.AssertProblemAsync(incomplete, HttpStatusCode.BadRequest);
            Assert.Equal(["delivery", "token"], Fixtures.ProblemAssertions.ErrorFields(problem).Order(StringComparer.Ordinal));
        }

        Assert.Empty(await _loop.AcknowledgementRowsAsync(warningId));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("收到")]
    [InlineData("已阅")]
    public async Task EachAcknowledgingReplyAcknowledgesTheNewestWarningSentToTheNumber(string reply)
    {
        var (uscc, phone, _) = await _loop.RegisterAsync("640106");
        var older = await _loop.Scenario.SubmitAsync("640106", "Extreme");
        await _loop.WaitForFinishedRowsAsync(older, uscc, 2);
        var newer = await _loop.Scenario.SubmitAsync("640106", "Extreme");
        await _loop.WaitForFinishedRowsAsync(newer, uscc, 2);

        Assert.Equal(200, await stack.SmsGateway.SimulateReplyAsync(phone, reply, Cancellation));

        var acknowledged = Assert.Single((await _loop.AcknowledgementsAsync(newer)).GetProperty("byEnterprise").EnumerateArray(), e => e.GetProperty("uscc").GetString() == uscc);
        Assert.Equal("sms", acknowledged.GetProperty("channel").GetString());
        Assert.DoesNotContain(uscc, await _loop.AcknowledgedByAsync(older));
    }

    [Fact]
    public async Task AReplyWithTheReferenceAcknowledgesTheWarningItNamesRatherThanTheNewest()
    {
        var (uscc, phone, email) = await _loop.RegisterAsync("640121");
        var older = await _loop.Scenario.SubmitAsync("640121", "Extreme");
        await _loop.WaitForFinishedRowsAsync(older, uscc, 2);
        using var page = await _anonymous.GetAsync(EnterpriseLoop.AcknowledgeLink(await _loop.WaitForEmailAsync(email, older)), Cancellation);
        var reference = EnterpriseLoop.ReferenceOn(await page.Content.ReadAsStringAsync(Cancellation));
        var newer = await _loop.Scenario.SubmitAsync("640121", "Extreme");
        await _loop.WaitForFinishedRowsAsync(newer, uscc, 2);

        // As typed on a phone: lower case, split in two.
        Assert.Equal(200, await stack.SmsGateway.SimulateReplyAsync(phone, reference[..4].ToLowerInvariant() + " " + reference[4..].ToLowerInvariant(), Cancellation));

        Assert.Contains(uscc, await _loop.AcknowledgedByAsync(older));
        Assert.DoesNotContain(uscc, await _loop.AcknowledgedByAsync(newer));
    }

    [Fact]
    public async Task TheEnterpriseAcknowledgesThroughTheApiOncePerContactAndTheDetailAndOverviewShowWhoDidNot()
    {
        var (acknowledging, _, _) = await _loop.RegisterAsync("640122");
        var (silent, _, _) = await _loop.RegisterAsync("640122");
        var (elsewhere, _, _) = await _loop.RegisterAsync("640303");
        var warningId = await _loop.Scenario.SubmitAsync("640122", "Extreme");
        await _loop.WaitForFinishedRowsAsync(warningId, acknowledging, 2);
        await _loop.WaitForFinishedRowsAsync(warningId, silent, 2);
        using var enterprise = stack.ClientFor(Role.Enterprise, acknowledging);
        using var other = stack.ClientFor(Role.Enterprise, elsewhere);
        var path = $"/api/warnings/{warningId}/acknowledgements";

        using var first = await enterprise.PostAsJsonAsync(path, new { contactId = "legal" }, Cancellation);
        using var second = await enterprise.PostAsJsonAsync(path, new { contactId = "legal" }, Cancellation);
        using var unknownContact = await enterprise.PostAsJsonAsync(path, new { contactId = "nobody" }, Cancellation);
        using var notReached = await other.PostAsJsonAsync(path, new { }, Cancellation);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var recorded = JsonDocument.Parse(await first.Content.ReadAsStringAsync(Cancellation)).RootElement;
        var repeated = JsonDocument.Parse(await second.Content.ReadAsStringAsync(Cancellation)).RootElement;
        Assert.Equal((true, false), (recorded.GetProperty("recorded").GetBoolean(), repeated.GetProperty("recorded").GetBoolean()));
        Assert.Equal(recorded.GetProperty("at").GetDateTimeOffset(), repeated.GetProperty("at").GetDateTimeOffset());
        var problem = await Fixtures.ProblemAssertions.AssertProblemAsync(unknownContact, HttpStatusCode.BadRequest);
        Assert.Contains("contactId", Fixtures.ProblemAssertions.ErrorFields(problem));
        await Fixtures.ProblemAssertions.AssertProblemAsync(notReached, HttpStatusCode.NotFound);
        Assert.Single(await _loop.AcknowledgementRowsAsync(warningId));

        var acknowledgements = await _loop.AcknowledgementsAsync(warningId);
        Assert.Equal([acknowledging], await _loop.AcknowledgedByAsync(warningId));
        Assert.Contains(silent, acknowledgements.GetProperty("notAcknowledgedEnterprises").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("api", acknowledgements.GetProperty("byEnterprise")[0].GetProperty("channel").GetString());

        using var operatorClient = stack.ClientFor(Role.Operator);
        var overview = JsonDocument.Parse(await operatorClient.GetStringAsync("/api/operations/overview", Cancellation)).RootElement;
        var progress = overview.GetProperty("warnings").EnumerateArray().Single(w => w.GetProperty("id").GetString() == warningId);
        Assert.Equal(1, progress.GetProperty("enterprisesAcknowledged").GetInt32());
        Assert.Equal(acknowledgements.GetProperty("enterprises").GetInt32(), progress.GetProperty("enterprises").GetInt32());
    }

    public void Dispose()
    {
        _loop.Dispose();
        _anonymous.Dispose();
    }
}

using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RiskAlerts.Core.Security;
using RiskAlerts.IntegrationTests.Enterprises;
using RiskAlerts.IntegrationTests.Fixtures;
using RiskAlerts.LocalChannels.Email;

namespace RiskAlerts.IntegrationTests.Delivery;

/// <summary>
/// Verified contacts: an address the enterprise enters itself gets a code (SMS) or a code and a link
/// (email), receives no warning until it is verified, and the code, the link and the rate limit work
/// end to end through the consumers, the SMS gateway and the SMTP server.
/// </summary>
[Collection(DeliveryStackCollection.Name)]
public sealed partial class ContactVerificationTests(DeliveryStackFixture stack) : IDisposable
{
    private readonly EnterpriseLoop _loop = new(stack);
    private readonly HttpClient _anonymous = new();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASelfRegisteredContactGetsNoWarningUntilItsCodeAndLinkComeBack()
    {
        var (uscc, phone, email) = await RegisterItselfAsync("640521");
        var (control, _, _) = await _loop.RegisterAsync("640521");
        using var enterprise = stack.ClientFor(Role.Enterprise, uscc);
        Assert.Equal(["sms", "email"], Unverified(await _loop.EnterpriseAsync(uscc)));

        var code = await WaitForSmsCodeAsync(phone);
        var verificationEmail = await WaitForVerificationEmailAsync(email);
        Assert.False(verificationEmail.Headers.ContainsKey("List-Unsubscribe"), "a verification is not a broadcast");

        // While both wait, a warning for the county reaches the verified enterprise and not this one.
        var first = await _loop.Scenario.SubmitAsync("640521", "Severe");
        await _loop.WaitForFinishedRowsAsync(first, control, 2);
        Assert.Empty(await _loop.RowsForAsync(first, uscc));
        Assert.DoesNotContain(stack.SmsGateway.Messages, m => m.Phone == phone && !m.Text.Contains("验证码", StringComparison.Ordinal));

        // A wrong code is refused and counted; the right one verifies the number.
        var wrong = code == "000000" ? "111111" : "000000";
        using (var refused = await VerifyAsync(enterprise, uscc, "sms", wrong))
        {
            var problem = await ProblemAssertions.AssertProblemAsync(refused, HttpStatusCode.BadRequest);
            Assert.Contains("code", ProblemAssertions.ErrorFields(problem));
        }

        using (var verified = await VerifyAsync(enterprise, uscc, "sms", code))
        {
            Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
            Assert.Equal(["email"], Unverified(JsonDocument.Parse(await verified.Content.ReadAsStringAsync(Cancellation)).RootElement));
        }

        // A mail scanner's GET of the link verifies nothing; the page's button does.
        var link = VerificationLink(verificationEmail);
        using (var page = await _anonymous.GetAsync(link, Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("<form method=\"post\"", await page.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        }

        Assert.Equal(["email"], Unverified(await _loop.EnterpriseAsync(uscc)));
        using (var forged = await _anonymous.PostAsync(EnterpriseLoop.Forged(link), null, Cancellation))
        {
            Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
        }

        using (var confirmed = await _anonymous.PostAsync(link, null, Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
            Assert.Contains("data-verified", await confirmed.Content.ReadAsStringAsync(Cancellation), StringComparison.Ordinal);
        }

        Assert.Empty(Unverified(await _loop.EnterpriseAsync(uscc)));

        // Used once: the link is spent.
        using (var again = await _anonymous.GetAsync(link, Cancellation))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }

        var next = await _loop.Scenario.SubmitAsync("640521", "Severe");
        var rows = await _loop.WaitForFinishedRowsAsync(next, uscc, 2);
        Assert.Equal(["email", "sms"], rows.Select(r => r.GetString("Channel")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AnExtremeWarningReachesAnAddressStillWaitingForItsCode()
    {
        var (uscc, phone, _) = await RegisterItselfAsync("640502");
        await WaitForSmsCodeAsync(phone);

        var warning = await _loop.Scenario.SubmitAsync("640502", "Extreme");

        var rows = await _loop.WaitForFinishedRowsAsync(warning, uscc, 2);
        Assert.Contains(rows, r => r.GetString("Channel") == "sms");
    }

    [Fact]
    public async Task ASecondCodeWithinTheMinuteIsRefusedWithRetryAfterAndSendsNothing()
    {
        var (uscc, phone, _) = await RegisterItselfAsync("640502");
        await WaitForSmsCodeAsync(phone);
        using var enterprise = stack.ClientFor(Role.Enterprise, uscc);

        using var response = await enterprise.PostAsync($"/api/enterprises/{uscc}/contacts/legal/verification", EnterpriseTestData.Json(new JsonObject { ["channel"] = "sms" }), Cancellation);

        await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.TooManyRequests);
        var retryAfter = int.Parse(Assert.Single(response.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        await Task.Delay(1000, Cancellation);
        Assert.Single(stack.SmsGateway.Messages, m => m.Phone == phone);
    }

    [Fact]
    public async Task AChangedNumberWaitsAgainWhileTheUnchangedEmailStaysVerified()
    {
        var (uscc, _, email) = await _loop.RegisterAsync("640502");
        Assert.Empty(Unverified(await _loop.EnterpriseAsync(uscc)));
        using var enterprise = stack.ClientFor(Role.Enterprise, uscc);
        var newPhone = DeliveryScenario.NewPhone();

        using (var put = await EnterpriseTestData.PutAsync(enterprise, $"/api/enterprises/{uscc}/contacts", new JsonObject { ["contacts"] = new JsonArray(EnterpriseTestData.Contact("legal", newPhone, email, "sms", "email")) }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        Assert.Equal(["sms"], Unverified(await _loop.EnterpriseAsync(uscc)));
        var code = await WaitForSmsCodeAsync(newPhone);
        using var verified = await VerifyAsync(enterprise, uscc, "sms", code);
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Empty(Unverified(await _loop.EnterpriseAsync(uscc)));
    }

    [Fact]
    public async Task VerificationRequestsNameWhatIsWrongAndChangeNothing()
    {
        var (uscc, _, _) = await _loop.RegisterAsync("640502");
        using var enterprise = stack.ClientFor(Role.Enterprise, uscc);
        using var other = stack.ClientFor(Role.Enterprise, EnterpriseTestData.NewUscc("640502"));
        var before = (await _loop.EnterpriseAsync(uscc)).GetProperty("version").GetInt64();

        using (var fax = await enterprise.PostAsync($"/api/enterprises/{uscc}/contacts/legal/verification", EnterpriseTestData.Json(new JsonObject { ["channel"] = "fax" }), Cancellation))
        {
            Assert.Contains("channel", ProblemAssertions.ErrorFields(await ProblemAssertions.AssertProblemAsync(fax, HttpStatusCode.BadRequest)));
        }

        using (var done = await enterprise.PostAsync($"/api/enterprises/{uscc}/contacts/legal/verification", EnterpriseTestData.Json(new JsonObject { ["channel"] = "sms" }), Cancellation))
        {
            Assert.Contains("channel", ProblemAssertions.ErrorFields(await ProblemAssertions.AssertProblemAsync(done, HttpStatusCode.BadRequest)));
        }

        using (var shortCode = await VerifyAsync(enterprise, uscc, "sms", "12a45"))
        {
            Assert.Contains("code", ProblemAssertions.ErrorFields(await ProblemAssertions.AssertProblemAsync(shortCode, HttpStatusCode.BadRequest)));
        }

        using (var nobody = await enterprise.PostAsync($"/api/enterprises/{uscc}/contacts/nobody/verification", EnterpriseTestData.Json(new JsonObject { ["channel"] = "sms" }), Cancellation))
        {
            await ProblemAssertions.AssertProblemAsync(nobody, HttpStatusCode.NotFound);
        }

        using (var foreign = await other.PostAsync($"/api/enterprises/{uscc}/contacts/legal/verification", EnterpriseTestData.Json(new JsonObject { ["channel"] = "sms" }), Cancellation))
        {
            Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        }

        Assert.Equal(before, (await _loop.EnterpriseAsync(uscc)).GetProperty("version").GetInt64());
    }

    public void Dispose()
    {
        _loop.Dispose();
        _anonymous.Dispose();
    }

    private async Task<(string Uscc, string Phone, string Email)> RegisterItselfAsync(string county)
    {
        var uscc = EnterpriseTestData.NewUscc(county);
        var phone = DeliveryScenario.NewPhone();
        var email = DeliveryScenario.NewEmail();
        var registration = EnterpriseTestData.Registration(county);
        registration["contacts"] = new JsonArray(EnterpriseTestData.Contact("legal", phone, email, "sms", "email"));
        registration["preferences"]!["quietHours"] = null;
        using var self = stack.ClientFor(Role.Enterprise, uscc);
        using var put = await EnterpriseTestData.PutAsync(self, $"/api/enterprises/{uscc}", registration);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        return (uscc, phone, email);
    }

    private static async Task<HttpResponseMessage> VerifyAsync(HttpClient client, string uscc, string channel, string code) =>
        await client.PostAsync($"/api/enterprises/{uscc}/contacts/legal/verify", EnterpriseTestData.Json(new JsonObject { ["channel"] = channel, ["code"] = code }), Cancellation);

    private static string[] Unverified(JsonElement enterprise) =>
        [.. enterprise.GetProperty("unverified").EnumerateArray().Where(u => u.GetProperty("contactId").GetString() == "legal").Select(u => u.GetProperty("channel").GetString()!)];

    private async Task<string> WaitForSmsCodeAsync(string phone)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (stack.SmsGateway.Messages.FirstOrDefault(m => m.Phone == phone && m.Text.Contains("验证码", StringComparison.Ordinal)) is { } sms)
            {
                return SixDigits().Match(sms.Text).Value;
            }

            await Task.Delay(200, Cancellation);
        }

        throw new TimeoutException($"No verification SMS within 60 s.");
    }

    private async Task<ReceivedEmail> WaitForVerificationEmailAsync(string address)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (stack.Smtp.Messages.FirstOrDefault(m => m.To.Contains(address, StringComparer.OrdinalIgnoreCase) && m.Subject.Contains("验证", StringComparison.Ordinal)) is { } email)
            {
                return email;
            }

            await Task.Delay(200, Cancellation);
        }

        throw new TimeoutException($"No verification email within 60 s.");
    }

    private static Uri VerificationLink(ReceivedEmail email)
    {
        var match = AnyUrl().Matches(email.TextBody ?? string.Empty).Select(m => m.Value).FirstOrDefault(u => u.Contains("/api/verify-contact?", StringComparison.Ordinal));
        Assert.True(match is not null, "the email has no verification link");
        return new Uri(match);
    }

    [GeneratedRegex(@"(?<![0-9])[0-9]{6}(?![0-9])")]
    private static partial Regex SixDigits();

    [GeneratedRegex(@"https?://[^\s""'<>]+")]
    private static partial Regex AnyUrl();
}

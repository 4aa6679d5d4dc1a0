using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RiskAlerts.Core.Security;
using RiskAlerts.Functions.Security;
using RiskAlerts.Host.Local;
using RiskAlerts.IntegrationTests.Enterprises;

namespace RiskAlerts.IntegrationTests.LocalRun;

/// <summary>Every link a delivered message carries leads to a route the host serves.</summary>
[Collection(LocalRunCollection.Name)]
public sealed partial class MessageLinkTests(LocalRunFixture localRun)
{
    private const string Phone = "+8613800138000";
    private const string Email = "links@example.com";

    [Fact]
    public async Task EveryUrlInADeliveredEmailAndSmsIsServedByTheLocalHost()
    {
        var ct = TestContext.Current.CancellationToken;
        using var admin = Client(Role.Admin, Role.Analyst);
        // Meihekou and investment risk: the README's first warning (telecom fraud, the whole province)
        // does not reach this enterprise, nor this warning the README's.
        var registration = EnterpriseTestData.Registration("220581", "梅河口链接测试有限公司");
        registration["contacts"] = new JsonArray(EnterpriseTestData.Contact("legal", Phone, Email, "sms", "email"));
        registration["preferences"]!["quietHours"] = null;
        registration["preferences"]!["categories"] = new JsonArray("investment-risk");
        using (var put = await EnterpriseTestData.PutAsync(admin, $"/api/enterprises/{EnterpriseTestData.NewUscc("220581")}", registration))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        using var submitted = await admin.PostAsJsonAsync(
            "/api/warnings",
            new { category = "investment-risk", headline = "虚假投资平台预警", description = "有人以高额回报诱导企业投资虚假平台。", instruction = "拨打96110核实。", severity = "Severe", regions = new[] { "220581" } },
            ct);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);

        var (email, sms) = await WaitForMessagesAsync(ct);
        var links = new List<(string Where, string Url, HttpMethod Method)>();
        links.AddRange(Urls(email.TextBody ?? string.Empty).Select(u => ("email text", u, HttpMethod.Get)));
        links.AddRange(Urls(WebUtility.HtmlDecode(email.HtmlBody ?? string.Empty)).Select(u => ("email html", u, HttpMethod.Get)));
        if (email.Headers.TryGetValue("List-Unsubscribe", out var listUnsubscribe))
        {
            // RFC 8058 one-click: the mail client POSTs List-Unsubscribe=One-Click to the header's URL.
            links.AddRange(HeaderUrls().Matches(listUnsubscribe).Select(m => ("List-Unsubscribe", m.Groups[1].Value, HttpMethod.Post)));
        }

        links.AddRange(Urls(sms.Text).Select(u => ("sms", u, HttpMethod.Get)));

        // The local run serves the acknowledge and unsubscribe routes, so its emails carry both links and the one-click header.
        Assert.Contains(links, l => l.Where == "email text" && l.Url.Contains("/api/acknowledge?", StringComparison.Ordinal));
        Assert.Contains(links, l => l.Where == "email html" && l.Url.Contains("/api/unsubscribe?", StringComparison.Ordinal));
        Assert.Contains(links, l => l.Where == "List-Unsubscribe" && l.Method == HttpMethod.Post);

        using var anonymous = new HttpClient();
        foreach (var (where, url, method) in links.Distinct())
        {
            var uri = new Uri(url);
            Assert.True(uri.GetLeftPart(UriPartial.Authority) == localRun.BaseAddress.GetLeftPart(UriPartial.Authority), $"{where} links to {url}, which is not this host");
            using var request = new HttpRequestMessage(method, uri);
            if (method == HttpMethod.Post)
            {
                request.Content = new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]);
            }

            using var response = await anonymous.SendAsync(request, ct);
            Assert.True(response.StatusCode != HttpStatusCode.NotFound, $"{where} links to {method} {uri.AbsolutePath}, which the host does not serve (404)");
            Assert.True(response.IsSuccessStatusCode, $"{where} links to {method} {uri.AbsolutePath}, which answers {(int)response.StatusCode}");
        }
    }

    private async Task<(RiskAlerts.LocalChannels.Email.ReceivedEmail Email, RiskAlerts.LocalChannels.Sms.RecordedSms Sms)> WaitForMessagesAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (DateTimeOffset.UtcNow < deadline)
        {
            var email = localRun.StandIns.SmtpServer!.Messages.FirstOrDefault(m => m.To.Contains(Email, StringComparer.OrdinalIgnoreCase));
            var sms = localRun.StandIns.SmsGateway!.Messages.FirstOrDefault(m => m.Phone == Phone);
            if (email is not null && sms is not null)
            {
                return (email, sms);
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"No email to {Email} and SMS to the contact's number within 60 s.");
    }

    private HttpClient Client(params string[] roles)
    {
        var signing = new DevelopmentTokenOptions { SigningKey = DevelopmentSigningKey.LoadOrCreate() };
        var token = DevelopmentTokens.Issue(signing, "link-test", roles, null, new AuthOptions().EnterpriseCodeClaim, TimeSpan.FromHours(1), organisation: "jilin-province-centre");
        var client = new HttpClient { BaseAddress = localRun.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static IEnumerable<string> Urls(string text) => AnyUrl().Matches(text).Select(m => m.Value.TrimEnd('.', ',', '。', ')'));

    [GeneratedRegex(@"https?://[^\s""'<>]+")]
    private static partial Regex AnyUrl();

    [GeneratedRegex("<(https?://[^>]+)>")]
    private static partial Regex HeaderUrls();
}

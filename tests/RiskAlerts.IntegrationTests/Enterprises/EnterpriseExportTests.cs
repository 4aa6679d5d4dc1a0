using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using RiskAlerts.Core.Security;
using RiskAlerts.IntegrationTests.Delivery;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Enterprises;

/// <summary>
/// The export of an enterprise's data on the running stack: what was registered, consented to,
/// opted out of, delivered and acknowledged, for the enterprise itself and admins only; nothing once erased.
/// </summary>
[Collection(DeliveryStackCollection.Name)]
public sealed class EnterpriseExportTests(DeliveryStackFixture stack) : IDisposable
{
    private readonly EnterpriseLoop _loop = new(stack);
    private readonly HttpClient _admin = stack.ClientFor(Role.Admin, name: "admin-export");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheExportHoldsTheRegistrationConsentsOptOutsDeliveriesAndAcknowledgementsUnmasked()
    {
        var (uscc, contacts) = await EnterpriseTestData.RegisterWithTwoContactsAsync(_admin, "654025");
        var warning = await _loop.Scenario.SubmitAsync("654025", "Extreme");
        await _loop.WaitForFinishedRowsAsync(warning, uscc, 4);
        Assert.Equal(200, await stack.SmsGateway.SimulateReplyAsync(contacts[1].Phone, "TD", Cancellation));
        using var enterprise = stack.ClientFor(Role.Enterprise, uscc, name: "enterprise-export");
        using (var ack = await enterprise.PostAsync($"/api/warnings/{warning}/acknowledgements", EnterpriseTestData.Json("""{ "contactId": "legal" }"""), Cancellation))
        {
            Assert.Equal(HttpStatusCode.Created, ack.StatusCode);
        }

        var export = await ExportAsync(enterprise, uscc);

        Assert.Equal(uscc, export.GetProperty("uscc").GetString());
        var registered = export.GetProperty("registration").GetProperty("contacts").EnumerateArray()
            .Select(c => (c.GetProperty("id").GetString(), c.GetProperty("name").GetString(), c.GetProperty("mobile").GetString(), c.GetProperty("email").GetString()!.ToLowerInvariant()))
            .Order().ToList();
        Assert.Equal(contacts.Select(c => ((string?)c.Id, (string?)c.Name, (string?)c.Phone, c.Email.ToLowerInvariant())).Order().ToList(), registered);

        var consents = export.GetProperty("consents").EnumerateArray().Select(c => (c.GetProperty("source").GetString(), c.GetProperty("contactId").GetString())).ToList();
        Assert.Contains(("Registration", "legal"), consents);
        Assert.Contains(("Registration", "finance"), consents);
        Assert.Equal(("SmsReply", "finance"), consents[0]);
        var optOut = Assert.Single(export.GetProperty("optOuts").EnumerateArray());
        Assert.Equal(("sms", contacts[1].Phone), (optOut.GetProperty("channel").GetString(), optOut.GetProperty("address").GetString()));

        var received = Assert.Single(export.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("warningId").GetString() == warning);
        Assert.Equal("冒充公检法诈骗预警", received.GetProperty("headline").GetString());
        var deliveries = received.GetProperty("deliveries").EnumerateArray()
            .Select(d => (d.GetProperty("contactId").GetString()!, d.GetProperty("channel").GetString()!, d.GetProperty("address").GetString()!.ToLowerInvariant(), d.GetProperty("status").GetString()!))
            .Order().ToList();
        var expected = contacts.SelectMany(c => new[] { (c.Id, "email", c.Email.ToLowerInvariant(), "Sent"), (c.Id, "sms", c.Phone, "Delivered") }).Order().ToList();
        Assert.Equal(expected, deliveries);
        var acknowledgement = Assert.Single(received.GetProperty("acknowledgements").EnumerateArray());
        Assert.Equal(("legal", "Api"), (acknowledgement.GetProperty("contactId").GetString(), acknowledgement.GetProperty("channel").GetString()));
        Assert.False(export.GetProperty("deliveriesTruncated").GetBoolean());

        var byAdmin = await ExportAsync(_admin, uscc);
        Assert.Equal(export.GetProperty("registration").GetRawText(), byAdmin.GetProperty("registration").GetRawText());
        Assert.Equal(export.GetProperty("warnings").GetRawText(), byAdmin.GetProperty("warnings").GetRawText());
    }

    [Fact]
    public async Task AnotherEnterpriseOrAnOperatorIsRefusedAndAnErasedEnterpriseHasNothingToExport()
    {
        var (uscc, _) = await EnterpriseTestData.RegisterWithTwoContactsAsync(_admin, "654026");

        using (var other = stack.ClientFor(Role.Enterprise, EnterpriseTestData.NewUscc("654026")))
        using (var refused = await other.GetAsync($"/api/enterprises/{uscc}/export", Cancellation))
        {
            await ProblemAssertions.AssertProblemAsync(refused, HttpStatusCode.Forbidden);
        }

        using (var operatorClient = stack.ClientFor(Role.Operator))
        using (var refused = await operatorClient.GetAsync($"/api/enterprises/{uscc}/export", Cancellation))
        {
            await ProblemAssertions.AssertProblemAsync(refused, HttpStatusCode.Forbidden);
        }

        using (var anonymous = await stack.Http.GetAsync($"/api/enterprises/{uscc}/export", Cancellation))
        {
            await ProblemAssertions.AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        }

        await ExportAsync(_admin, uscc);
        using (var erase = await _admin.PostAsync($"/api/enterprises/{uscc}/erase", EnterpriseTestData.Json(new JsonObject { ["reason"] = "企业申请" }), Cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, erase.StatusCode);
        }

        using var erased = await _admin.GetAsync($"/api/enterprises/{uscc}/export", Cancellation);
        await ProblemAssertions.AssertProblemAsync(erased, HttpStatusCode.NotFound);
        using var enterprise = stack.ClientFor(Role.Enterprise, uscc);
        using var own = await enterprise.GetAsync($"/api/enterprises/{uscc}/export", Cancellation);
        await ProblemAssertions.AssertProblemAsync(own, HttpStatusCode.NotFound);
    }

    public void Dispose()
    {
        _loop.Dispose();
        _admin.Dispose();
    }

    private static async Task<JsonElement> ExportAsync(HttpClient client, string uscc)
    {
        using var response = await client.GetAsync($"/api/enterprises/{uscc}/export", Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"export: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}

using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Privacy;
using RiskAlerts.Core.Security;
using System.Text.Json.Nodes;
using RiskAlerts.IntegrationTests.Delivery;
using RiskAlerts.IntegrationTests.Enterprises;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Operations;

/// <summary>Deliveries to one phone number or mailbox: found across warnings, shown masked, every lookup audited.</summary>
[Collection(DeliveryStackCollection.Name)]
public sealed class AddressLookupTests(DeliveryStackFixture stack)
{
    [Fact]
    public async Task LookupByPhoneFindsTheDeliveriesOfEveryWarningMaskedAndIsAudited()
    {
        var scenario = new DeliveryScenario(stack);
        var contact = DeliveryScenario.NewContact("c0", Channel.Sms, Channel.Email);
        await scenario.SeedAsync([DeliveryScenario.NewSubscriber("620522", [contact])]);
        var first = await scenario.SubmitAsync("620522");
        await scenario.WaitForRowsAsync(first, 2, DeliveryScenario.IsFinished);
        var second = await scenario.SubmitAsync("620522");
        await scenario.WaitForRowsAsync(second, 2, DeliveryScenario.IsFinished);
        using var operatorClient = stack.ClientFor(Role.Operator, name: "operator-lookup");
        var national = contact.Mobile!["+86".Length..];

        // Any form libphonenumber reads: here the national number with spaces.
        var body = await LookupAsync(operatorClient, $$"""{ "phone": "{{national[..3]}} {{national[3..7]}} {{national[7..]}}" }""");

        var result = JsonDocument.Parse(body).RootElement;
        Assert.DoesNotContain(national, body, StringComparison.Ordinal);
        Assert.Equal("sms", result.GetProperty("channel").GetString());
        Assert.Equal($"+86 {national[..3]}****{national[7..]}", result.GetProperty("address").GetString());
        var items = result.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([second, first], items.Select(i => i.GetProperty("warningId").GetString()));
        Assert.All(items, i => Assert.Equal("Delivered", i.GetProperty("delivery").GetProperty("status").GetString()));

        var byEmail = JsonDocument.Parse(await LookupAsync(operatorClient, $$"""{ "email": "{{contact.Email!.Replace("example.com", "EXAMPLE.COM", StringComparison.Ordinal)}}", "days": 1 }""")).RootElement;
        Assert.Equal(2, byEmail.GetProperty("items").GetArrayLength());
        Assert.All(byEmail.GetProperty("items").EnumerateArray(), i => Assert.Equal("email", i.GetProperty("delivery").GetProperty("channel").GetString()));

        var audit = JsonDocument.Parse(await GetTextAsync(operatorClient, "/api/operations/audit")).RootElement.GetProperty("items").EnumerateArray().ToList();
        var lookups = audit.Where(e => e.GetProperty("actor").GetString() == "operator-lookup" && e.GetProperty("action").GetString() == "deliveries.lookup").ToList();
        Assert.Equal(2, lookups.Count);
        Assert.Equal(result.GetProperty("address").GetString(), lookups[1].GetProperty("target").GetString());
        Assert.StartsWith("2 deliveries found", lookups[1].GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(audit, e => e.GetRawText().Contains(national, StringComparison.Ordinal) || e.GetRawText().Contains(contact.Email!, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task LookupByAnEnterprisesContactFindsItsDeliveriesWhoseRowsCarryTheEnterpriseName()
    {
        var scenario = new DeliveryScenario(stack);
        using var admin = stack.ClientFor(Role.Admin, name: "admin-lookup");
        var uscc = EnterpriseTestData.NewUscc("540103");
        var mobile = DeliveryScenario.NewPhone();
        var registration = EnterpriseTestData.Registration("540103", "堆龙德庆查询测试有限公司");
        registration["contacts"] = new JsonArray(EnterpriseTestData.Contact("legal", mobile, DeliveryScenario.NewEmail(), "sms"));
        registration["preferences"]!.AsObject().Remove("quietHours");
        using (var put = await EnterpriseTestData.PutAsync(admin, $"/api/enterprises/{uscc}", registration))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        var warning = await scenario.SubmitAsync("540103");
        await scenario.WaitForRowsAsync(warning, 1, DeliveryScenario.IsFinished);
        using var operatorClient = stack.ClientFor(Role.Operator, name: "operator-contact-lookup");

        var body = await LookupAsync(operatorClient, $$"""{ "contact": { "uscc": "{{uscc}}", "contactId": "legal", "channel": "sms" }, "days": 1 }""");

        Assert.DoesNotContain(mobile, body, StringComparison.Ordinal);
        var item = Assert.Single(JsonDocument.Parse(body).RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(warning, item.GetProperty("warningId").GetString());
        Assert.Equal(uscc, item.GetProperty("delivery").GetProperty("uscc").GetString());
        Assert.Equal("堆龙德庆查询测试有限公司", item.GetProperty("delivery").GetProperty("enterpriseName").GetString());
        var rows = JsonDocument.Parse(await GetTextAsync(operatorClient, $"/api/warnings/{warning}/deliveries?pageSize=200")).RootElement.GetProperty("items");
        var row = Assert.Single(rows.EnumerateArray(), r => r.GetProperty("uscc").GetString() == uscc);
        Assert.Equal("堆龙德庆查询测试有限公司", row.GetProperty("enterpriseName").GetString());
        var audit = JsonDocument.Parse(await GetTextAsync(operatorClient, "/api/operations/audit")).RootElement.GetProperty("items").EnumerateArray();
        var entry = Assert.Single(audit, e => e.GetProperty("actor").GetString() == "operator-contact-lookup");
        Assert.Contains($"contact legal of {uscc}", entry.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PseudonymisedRowsAreStillFoundByTheOriginalNumberShownAsPseudonymisedAndStillCountedInEvidence()
    {
        var scenario = new DeliveryScenario(stack);
        var contact = DeliveryScenario.NewContact("c0", Channel.Sms, Channel.Email);
        var subscriber = DeliveryScenario.NewSubscriber("640522", [contact]);
        await scenario.SeedAsync([subscriber]);
        var warning = await scenario.SubmitAsync("640522");
        await scenario.WaitForRowsAsync(warning, 2, DeliveryScenario.IsFinished);
        var store = stack.Services.GetRequiredService<IDeliveryStore>();
        var pseudonymisation = stack.Services.GetRequiredService<DeliveryRowPseudonymisation>();
        var uscc = subscriber.Uscc.ToString();
        var statusesBefore = (await scenario.RowsAsync(warning)).Where(r => r.GetString("Uscc") == uscc).Select(r => (r.RowKey, r.GetString("Status"))).Order().ToList();

        var changed = await pseudonymisation.PseudonymiseAsync(await store.FindByEnterpriseAsync(warning, uscc, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        var changedAgain = await pseudonymisation.PseudonymiseAsync(await store.FindByEnterpriseAsync(warning, uscc, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);

        Assert.Equal(2, changed);
        Assert.Equal(0, changedAgain);
        var rows = (await scenario.RowsAsync(warning)).Where(r => r.GetString("Uscc") == uscc).ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.StartsWith(AddressPseudonymiser.Prefix, r.GetString("Address"), StringComparison.Ordinal));
        Assert.Equal(statusesBefore, rows.Select(r => (r.RowKey, r.GetString("Status"))).Order().ToList());
        Assert.DoesNotContain(rows, r => r.Select(p => p.Value).OfType<string>().Any(v => v.Contains(contact.Mobile![3..], StringComparison.Ordinal) || v.Contains(contact.Email!, StringComparison.OrdinalIgnoreCase)));

        using var operatorClient = stack.ClientFor(Role.Operator, name: "operator-pseudonym-lookup");
        var byPhone = JsonDocument.Parse(await LookupAsync(operatorClient, $$"""{ "phone": "{{contact.Mobile}}", "days": 1 }""")).RootElement;
        var item = Assert.Single(byPhone.GetProperty("items").EnumerateArray());
        Assert.Equal(warning, item.GetProperty("warningId").GetString());
        Assert.Equal(PersonalDataMask.Pseudonymised, item.GetProperty("delivery").GetProperty("address").GetString());
        var byEmail = JsonDocument.Parse(await LookupAsync(operatorClient, $$"""{ "email": "{{contact.Email}}", "days": 1 }""")).RootElement;
        Assert.Single(byEmail.GetProperty("items").EnumerateArray());

        using var analyst = stack.ClientFor(Role.Analyst, name: "analyst-pseudonym-evidence");
        var evidence = JsonDocument.Parse(await GetTextAsync(analyst, $"/api/warnings/{warning}/evidence")).RootElement;
        var recipients = evidence.GetProperty("versions")[0].GetProperty("recipients").EnumerateArray().Where(r => r.GetProperty("uscc").GetString() == uscc).ToList();
        Assert.Equal(2, recipients.Count);
        Assert.All(recipients, r => Assert.Equal(PersonalDataMask.Pseudonymised, r.GetProperty("address").GetString()));
    }

    [Theory]
    [InlineData("""{ "contact": { "uscc": "9154010300000000I1", "contactId": "legal", "channel": "sms" } }""", "contact.uscc", "Malformed")]
    [InlineData("""{ "contact": { "uscc": "91540103MA0000000E", "contactId": "", "channel": "fax" } }""", "contact.channel", "NotAllowed")]
    [InlineData("""{ "contact": { "uscc": "91540103MA0000000E", "contactId": "", "channel": "sms" } }""", "contact.contactId", "Required")]
    [InlineData("""{ "phone": "13800138000", "contact": { "uscc": "91540103MA0000000E", "contactId": "legal", "channel": "sms" } }""", "phone", "Mismatch")]
    public async Task BadContactLookupIsRefusedWithTheFieldAndItsCode(string body, string field, string code)
    {
        using var operatorClient = stack.ClientFor(Role.Operator, name: "operator-bad-contact-lookup");

        using var response = await operatorClient.PostAsync("/api/operations/deliveries/lookup", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var error = problem.GetProperty("errors").EnumerateArray().First(e => e.GetProperty("field").GetString() == field);
        Assert.Equal(code, error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task LookupOfAContactThatIsNotRegisteredIsRefusedAtTheFieldThatNamesIt()
    {
        using var admin = stack.ClientFor(Role.Admin, name: "admin-lookup");
        // Another county than the test above: no warning of this class reaches this enterprise.
        var uscc = EnterpriseTestData.NewUscc("650103");
        using (var put = await EnterpriseTestData.PutAsync(admin, $"/api/enterprises/{uscc}", EnterpriseTestData.Registration("650103")))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        using var operatorClient = stack.ClientFor(Role.Operator, name: "operator-unknown-contact");
        var unregistered = EnterpriseTestData.NewUscc("650103");

        foreach (var (body, field) in new[]
        {
            ($$"""{ "contact": { "uscc": "{{unregistered}}", "contactId": "legal", "channel": "sms" } }""", "contact.uscc"),
            ($$"""{ "contact": { "uscc": "{{uscc}}", "contactId": "nobody", "channel": "sms" } }""", "contact.contactId"),
        })
        {
            using var response = await operatorClient.PostAsync("/api/operations/deliveries/lookup", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
            var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
            var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
            Assert.Equal((field, "NotFound"), (error.GetProperty("field").GetString(), error.GetProperty("code").GetString()));
        }
    }

    [Theory]
    [InlineData("{}", "phone")]
    [InlineData("""{ "phone": "13800138000", "email": "a@example.com" }""", "email")]
    [InlineData("""{ "phone": "12345" }""", "phone")]
    [InlineData("""{ "email": "not-an-address" }""", "email")]
    [InlineData("""{ "phone": "13800138000", "days": 0 }""", "days")]
    [InlineData("""{ "phone": "13800138000", "days": 32 }""", "days")]
    [InlineData("""{ "phone": "13800138000", "days": "seven" }""", "days")]
    [InlineData("""{ "mobile": "13800138000" }""", "mobile")]
    [InlineData("null", "$")]
    public async Task BadLookupIsRefusedWithTheFieldAndLeavesNoAuditEntry(string body, string field)
    {
        using var operatorClient = stack.ClientFor(Role.Operator, name: "operator-bad-lookup");

        using var response = await operatorClient.PostAsync("/api/operations/deliveries/lookup", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(field, ProblemAssertions.ErrorFields(problem));
        var audit = JsonDocument.Parse(await GetTextAsync(operatorClient, "/api/operations/audit?max=1000")).RootElement;
        Assert.DoesNotContain(audit.GetProperty("items").EnumerateArray(), e => e.GetProperty("actor").GetString() == "operator-bad-lookup");
    }

    [Theory]
    [InlineData("?day=2026-13-01", "day")]
    [InlineData("?max=0", "max")]
    [InlineData("?since=yesterday", "since")]
    public async Task BadAuditQueryIsRefusedWithTheField(string query, string field)
    {
        using var operatorClient = stack.ClientFor(Role.Operator);
        using var response = await operatorClient.GetAsync("/api/operations/audit" + query, TestContext.Current.CancellationToken);
        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal([field], ProblemAssertions.ErrorFields(problem));
    }

    private static async Task<string> LookupAsync(HttpClient client, string json)
    {
        using var response = await client.PostAsync("/api/operations/deliveries/lookup", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"lookup: {(int)response.StatusCode} {body}");
        return body;
    }

    private static async Task<string> GetTextAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return body;
    }
}

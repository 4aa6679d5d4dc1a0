using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Privacy;
using RiskAlerts.Core.Security;
using RiskAlerts.IntegrationTests.Delivery;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Enterprises;

/// <summary>
/// Erasure on the running stack: an enterprise that received a warning, opted a number out and
/// acknowledged is erased, and then no table of the storage account holds its contacts' numbers,
/// addresses or names in any form, while the warning's evidence still counts its deliveries.
/// </summary>
[Collection(DeliveryStackCollection.Name)]
public sealed class EnterpriseErasureTests(DeliveryStackFixture stack) : IDisposable
{
    private readonly EnterpriseLoop _loop = new(stack);
    private readonly HttpClient _admin = stack.ClientFor(Role.Admin, name: "admin-erasure");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnErasedEnterpriseLeavesNoNumberAddressOrNameInAnyTableWhileEvidenceStillCountsItsDeliveries()
    {
        var (uscc, contacts) = await EnterpriseTestData.RegisterWithTwoContactsAsync(_admin, "654021");
        var warning = await _loop.Scenario.SubmitAsync("654021", "Extreme");
        await _loop.WaitForFinishedRowsAsync(warning, uscc, 4);
        // An opt-out by reply (ledger row, consent event) and an acknowledgement: rows beside the deliveries.
        Assert.Equal(200, await stack.SmsGateway.SimulateReplyAsync(contacts[1].Phone, "TD", Cancellation));
        using (var enterprise = stack.ClientFor(Role.Enterprise, uscc))
        using (var ack = await enterprise.PostAsync($"/api/warnings/{warning}/acknowledgements", EnterpriseTestData.Json("""{ "contactId": "legal" }"""), Cancellation))
        {
            Assert.Equal(HttpStatusCode.Created, ack.StatusCode);
        }

        var held = await FindPersonalDataAsync(contacts);
        foreach (var place in new[] { "Enterprises/", "Subscriptions/", "Deliveries/optouts_", "Deliveries/sms-cap_" })
        {
            Assert.Contains(held, h => h.StartsWith(place, StringComparison.Ordinal));
        }

        // The delivery rows, in the tables of their shards.
        Assert.Contains(held, h => h.StartsWith("Deliveries", StringComparison.Ordinal) && h.Contains($"/{warning}_", StringComparison.Ordinal));

        var recipientsBefore = await EvidenceRecipientsAsync(warning, uscc);
        Assert.Equal(4, recipientsBefore.Count);

        using var erased = await EraseAsync(_admin, uscc, "企业书面申请删除（编号 2026-001）");

        var body = await AssertOkAsync(erased);
        Assert.Equal((uscc, 2, 4, "admin-erasure"), (body.GetProperty("uscc").GetString(), body.GetProperty("contacts").GetInt32(), body.GetProperty("deliveries").GetInt32(), body.GetProperty("erasedBy").GetString()));
        Assert.Empty(await FindPersonalDataAsync(contacts));
        Assert.DoesNotContain(await _loop.AcknowledgementRowsAsync(warning), a => a.GetString("Uscc") == uscc);
        Assert.Equal([$"Enterprises/{uscc}/erased"], (await RowsOfAsync(uscc)).Where(r => !r.StartsWith("Deliveries/", StringComparison.Ordinal)).Select(r => r[..r.IndexOf(' ', StringComparison.Ordinal)]));
        var recipientsAfter = await EvidenceRecipientsAsync(warning, uscc);
        Assert.Equal(recipientsBefore.Select(r => r.Channel).Order(), recipientsAfter.Select(r => r.Channel).Order());
        Assert.All(recipientsAfter, r => Assert.Equal(PersonalDataMask.Pseudonymised, r.Address));
        using (var read = await _admin.GetAsync($"/api/enterprises/{uscc}", Cancellation))
        {
            Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        }

        using var operatorClient = stack.ClientFor(Role.Operator, name: "operator-erasure-audit");
        using var auditResponse = await operatorClient.GetAsync("/api/operations/audit", Cancellation);
        var audit = JsonDocument.Parse(await auditResponse.Content.ReadAsStringAsync(Cancellation)).RootElement.GetProperty("items").EnumerateArray().ToList();
        var entry = Assert.Single(audit, e => e.GetProperty("action").GetString() == "enterprise.erase" && e.GetProperty("target").GetString() == uscc);
        Assert.Equal("admin-erasure", entry.GetProperty("actor").GetString());
        Assert.StartsWith("企业书面申请删除（编号 2026-001）", entry.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErasingAnErasedEnterpriseAnswersTheSameRecordAndChangesNothing()
    {
        var (uscc, _) = await EnterpriseTestData.RegisterWithTwoContactsAsync(_admin, "654022");
        var warning = await _loop.Scenario.SubmitAsync("654022", "Extreme");
        await _loop.WaitForFinishedRowsAsync(warning, uscc, 4);
        using var first = await EraseAsync(_admin, uscc, "企业申请");
        var firstBody = (await AssertOkAsync(first)).GetRawText();
        var before = await RowsOfAsync(uscc);

        using var second = await EraseAsync(_admin, uscc, "重复申请");

        Assert.Equal(firstBody, (await AssertOkAsync(second)).GetRawText());
        Assert.Equal(before, await RowsOfAsync(uscc));
        Assert.Contains(before, r => r.StartsWith("Enterprises/", StringComparison.Ordinal));
        Assert.Equal(4, before.Count(r => r.StartsWith("Deliveries/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AnErasedContactLeavesNoTraceWhileTheOtherContactStaysAndItsLastContactCannotBeErasedAlone()
    {
        var (uscc, contacts) = await EnterpriseTestData.RegisterWithTwoContactsAsync(_admin, "654027");
        var warning = await _loop.Scenario.SubmitAsync("654027", "Extreme");
        await _loop.WaitForFinishedRowsAsync(warning, uscc, 4);
        Assert.Equal(200, await stack.SmsGateway.SimulateReplyAsync(contacts[1].Phone, "TD", Cancellation));
        using (var enterprise = stack.ClientFor(Role.Enterprise, uscc))
        using (var ack = await enterprise.PostAsync($"/api/warnings/{warning}/acknowledgements", EnterpriseTestData.Json("""{ "contactId": "finance" }"""), Cancellation))
        {
            Assert.Equal(HttpStatusCode.Created, ack.StatusCode);
        }

        Assert.NotEmpty(await FindPersonalDataAsync([contacts[1]]));

        using var erased = await EraseContactAsync(uscc, "finance", "联系人离职，本人申请删除");

        var body = await AssertOkAsync(erased);
        Assert.Equal((uscc, "finance", 2), (body.GetProperty("uscc").GetString(), body.GetProperty("contactId").GetString(), body.GetProperty("deliveries").GetInt32()));
        Assert.Empty(await FindPersonalDataAsync([contacts[1]]));
        Assert.NotEmpty(await FindPersonalDataAsync([contacts[0]]));
        Assert.Equal(["legal"], (await _loop.EnterpriseAsync(uscc)).GetProperty("contacts").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.DoesNotContain(await _loop.ConsentsAsync(uscc), c => c.GetProperty("contactId").GetString() == "finance");
        Assert.DoesNotContain(await _loop.AcknowledgementRowsAsync(warning), a => a.GetString("ContactId") == "finance");
        var recipients = await EvidenceRecipientsAsync(warning, uscc);
        Assert.Equal(4, recipients.Count);
        Assert.Equal(2, recipients.Count(r => r.Address == PersonalDataMask.Pseudonymised));

        var before = await RowsOfAsync(uscc);
        using (var again = await EraseContactAsync(uscc, "finance", "重复申请"))
        {
            Assert.Equal(body.GetRawText(), (await AssertOkAsync(again)).GetRawText());
        }

        Assert.Equal(before, await RowsOfAsync(uscc));
        using (var last = await EraseContactAsync(uscc, "legal", "企业申请"))
        {
            await ProblemAssertions.AssertProblemAsync(last, HttpStatusCode.Conflict);
        }

        using (var unknown = await EraseContactAsync(uscc, "nobody", "企业申请"))
        {
            await ProblemAssertions.AssertProblemAsync(unknown, HttpStatusCode.NotFound);
        }

        using var enterpriseClient = stack.ClientFor(Role.Enterprise, uscc);
        using var refused = await enterpriseClient.PostAsync($"/api/enterprises/{uscc}/contacts/legal/erase", EnterpriseTestData.Json("""{ "reason": "企业申请" }"""), Cancellation);
        await ProblemAssertions.AssertProblemAsync(refused, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task OnlyAnAdminMayEraseAndAnEnterpriseNeverRegisteredIsNotFound()
    {
        var (uscc, _) = await EnterpriseTestData.RegisterWithTwoContactsAsync(_admin, "654023");

        foreach (var role in new[] { Role.Analyst, Role.Operator, Role.Enterprise })
        {
            using var client = stack.ClientFor(role, uscc);
            using var refused = await EraseAsync(client, uscc, "企业申请");
            await ProblemAssertions.AssertProblemAsync(refused, HttpStatusCode.Forbidden);
        }

        using (var anonymous = await stack.Http.PostAsync($"/api/enterprises/{uscc}/erase", EnterpriseTestData.Json("""{ "reason": "企业申请" }"""), Cancellation))
        {
            await ProblemAssertions.AssertProblemAsync(anonymous, HttpStatusCode.Unauthorized);
        }

        using (var unknown = await EraseAsync(_admin, EnterpriseTestData.NewUscc("654023"), "企业申请"))
        {
            await ProblemAssertions.AssertProblemAsync(unknown, HttpStatusCode.NotFound);
        }

        using var still = await _admin.GetAsync($"/api/enterprises/{uscc}", Cancellation);
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Theory]
    [InlineData("{}", "reason", "Required")]
    [InlineData("""{ "reason": "   " }""", "reason", "Required")]
    [InlineData("""{ "reason": "LONG" }""", "reason", "TooLong")]
    public async Task AnEraseWithoutAReasonOrWithOneTooLongIsRefusedAtTheFieldAndChangesNothing(string body, string field, string code)
    {
        var (uscc, _) = await EnterpriseTestData.RegisterWithTwoContactsAsync(_admin, "654023");
        var before = await RowsOfAsync(uscc);

        using var response = await _admin.PostAsync($"/api/enterprises/{uscc}/erase", EnterpriseTestData.Json(body.Replace("LONG", new string('理', EraseEnterpriseHandler.MaxReasonLength + 1), StringComparison.Ordinal)), Cancellation);

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal((field, code), (error.GetProperty("field").GetString(), error.GetProperty("code").GetString()));
        Assert.Equal(before, await RowsOfAsync(uscc));
    }

    [Fact]
    public async Task WithoutAPseudonymKeyErasureIsRefusedAndNothingChanges()
    {
        var (uscc, _) = await EnterpriseTestData.RegisterWithTwoContactsAsync(_admin, "654024");
        var before = await RowsOfAsync(uscc);
        var unkeyed = new AddressPseudonymiser(Options.Create(new PrivacyOptions()));
        var deliveryErasure = ActivatorUtilities.CreateInstance<DeliveryErasure>(stack.Services, ActivatorUtilities.CreateInstance<DeliveryRowPseudonymisation>(stack.Services, unkeyed));
        var handler = ActivatorUtilities.CreateInstance<EraseEnterpriseHandler>(stack.Services, unkeyed, deliveryErasure);
        var contactHandler = ActivatorUtilities.CreateInstance<EraseContactHandler>(stack.Services, unkeyed, deliveryErasure);
        var admin = new Principal("admin-unkeyed", new HashSet<string> { Role.Admin });

        await Assert.ThrowsAsync<PseudonymKeyMissingException>(() => handler.HandleAsync(admin, uscc, "企业申请", Cancellation));
        await Assert.ThrowsAsync<PseudonymKeyMissingException>(() => contactHandler.HandleAsync(admin, uscc, "finance", "企业申请", Cancellation));

        Assert.Equal(before, await RowsOfAsync(uscc));
    }

    public void Dispose()
    {
        _loop.Dispose();
        _admin.Dispose();
    }

    private async Task<HttpResponseMessage> EraseContactAsync(string uscc, string contactId, string reason) =>
        await _admin.PostAsync($"/api/enterprises/{uscc}/contacts/{contactId}/erase", EnterpriseTestData.Json(new JsonObject { ["reason"] = reason }), Cancellation);

    private static async Task<HttpResponseMessage> EraseAsync(HttpClient client, string uscc, string reason) =>
        await client.PostAsync($"/api/enterprises/{uscc}/erase", EnterpriseTestData.Json(new JsonObject { ["reason"] = reason }), Cancellation);

    private static async Task<JsonElement> AssertOkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"erase: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Every table of the account, every entity, every string property and key: where a contact's data is found.</summary>
    private async Task<List<string>> FindPersonalDataAsync(IEnumerable<TestContact> contacts)
    {
        var needles = contacts.SelectMany(c => new[] { c.Phone, c.Phone["+86".Length..], c.Email, c.Name }).ToList();
        var found = new List<string>();
        await foreach (var table in stack.Tables.QueryAsync(cancellationToken: Cancellation))
        {
            await foreach (var entity in stack.Tables.GetTableClient(table.Name).QueryAsync<TableEntity>(cancellationToken: Cancellation))
            {
                foreach (var (name, value) in entity.Select(p => (p.Key, p.Value as string)).Append(("PartitionKey", entity.PartitionKey)).Append(("RowKey", entity.RowKey)))
                {
                    if (value is not null && needles.Any(n => value.Contains(n, StringComparison.OrdinalIgnoreCase)))
                    {
                        found.Add($"{table.Name}/{entity.PartitionKey}/{entity.RowKey}/{name}");
                    }
                }
            }
        }

        return found;
    }

    /// <summary>The rows of the enterprise's partition and its delivery rows, with their ETags: equal lists mean nothing was written.</summary>
    private async Task<List<string>> RowsOfAsync(string uscc)
    {
        var rows = new List<string>();
        await foreach (var row in stack.Tables.GetTableClient("Enterprises").QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {uscc}"), cancellationToken: Cancellation))
        {
            rows.Add($"Enterprises/{row.PartitionKey}/{row.RowKey} {row.ETag}");
        }

        await foreach (var row in stack.Tables.GetTableClient("Subscriptions").QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {uscc}"), cancellationToken: Cancellation))
        {
            rows.Add($"Subscriptions/{row.PartitionKey}/{row.RowKey} {row.ETag}");
        }

        foreach (var row in await DeliveryRowTables.QueryAsync(stack.Tables, TableClient.CreateQueryFilter($"Uscc eq {uscc}"), Cancellation))
        {
            rows.Add($"Deliveries/{row.PartitionKey}/{row.RowKey} {row.ETag}");
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private async Task<List<(string Channel, string Address)>> EvidenceRecipientsAsync(string warning, string uscc)
    {
        using var analyst = stack.ClientFor(Role.Analyst, name: "analyst-erasure-evidence");
        using var response = await analyst.GetAsync($"/api/warnings/{warning}/evidence", Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"evidence: {(int)response.StatusCode} {text}");
        return [.. JsonDocument.Parse(text).RootElement.GetProperty("versions")[0].GetProperty("recipients").EnumerateArray()
            .Where(r => r.GetProperty("uscc").GetString() == uscc)
            .Select(r => (r.GetProperty("channel").GetString()!, r.GetProperty("address").GetString()!))];
    }
}

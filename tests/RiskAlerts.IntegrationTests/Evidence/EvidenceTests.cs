using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Security;
using RiskAlerts.Functions.Evidence;
using RiskAlerts.IntegrationTests.Delivery;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Evidence;

/// <summary>
/// A warning's evidence against what really happened: the SMS gateway's and the SMTP server's own
/// records, and the Deliveries rows as Azurite holds them.
/// </summary>
[Collection(DeliveryStackCollection.Name)]
public sealed class EvidenceTests(DeliveryStackFixture stack)
{
    private static readonly string[] NanchangCounties = ["360102", "360103", "360104", "360111"];
    private static readonly string[] HefeiCounties = ["340102", "340103", "340104"];

    [Fact]
    public async Task EvidenceOfAThousandRecipientWarningMatchesTheStandInsRecordsRowForRowMasked()
    {
        var scenario = new DeliveryScenario(stack);
        var smsSubscribers = Enumerable.Range(0, 600).Select(i => DeliveryScenario.NewSubscriber(NanchangCounties[i % 4], [DeliveryScenario.NewContact("c0", Channel.Sms)])).ToList();
        var emailSubscribers = Enumerable.Range(0, 400).Select(i => DeliveryScenario.NewSubscriber(NanchangCounties[i % 4], [DeliveryScenario.NewContact("c0", Channel.Email)])).ToList();
        await scenario.SeedAsync([.. smsSubscribers, .. emailSubscribers]);
        // Extreme: held for a second principal's approval, whatever the audience threshold, so the trail has one.
        var warningId = await scenario.SubmitAsync("360000", severity: "Extreme");
        await scenario.WaitForRowsAsync(warningId, 1_000, DeliveryScenario.IsFinished, TimeSpan.FromSeconds(90));
        var sms = scenario.SmsTo(DeliveryScenario.SmsAddresses(smsSubscribers));
        var emails = scenario.EmailsTo(DeliveryScenario.EmailAddresses(emailSubscribers));
        using var analyst = stack.ClientFor(Role.Analyst, name: "analyst-evidence");

        var json = await GetAsync(analyst, warningId, "application/json");
        var csv = await GetAsync(analyst, warningId, "text/csv");

        var evidence = JsonSerializer.Deserialize(json.Text, EvidenceJsonContext.Default.WarningEvidenceResponse)!;
        var version = Assert.Single(evidence.Versions);
        Assert.Equal("Alert", version.MsgType);
        Assert.Equal(warningId, version.Warning.Id);
        Assert.Equal("analyst-delivery", version.Warning.SubmittedBy);
        var approved = Assert.Single(version.Warning.Trail, s => s.Kind == RiskAlerts.Core.Warnings.WarningStepKind.Approved);
        Assert.Equal("approver-delivery", approved.By);
        Assert.Equal(["360000"], version.Warning.Regions);

        // The texts are those the stand-ins took.
        Assert.Equal(sms.Select(m => m.Text).Distinct(), [Assert.Single(version.Texts, t => t.Channel == "sms").Value]);
        Assert.Equal(emails.Select(m => m.Subject).Distinct(), [Assert.Single(version.Texts, t => t.Channel == "email").Value]);

        // Row for row: each SMS the gateway took is one recipient with its message id, masked number and receipt.
        Assert.Equal(1_000, version.Recipients.Count);
        var smsRecipients = version.Recipients.Where(r => r.Channel == "sms").ToDictionary(r => r.ProviderMessageId!, StringComparer.Ordinal);
        Assert.Equal(600, sms.Count);
        Assert.All(sms, m =>
        {
            var recipient = smsRecipients[m.MessageId];
            Assert.Equal(PersonalDataMask.MaskPhone(m.Phone), recipient.Address);
            Assert.Equal("Delivered", recipient.Status);
            Assert.Equal("delivered", recipient.Receipt);
            Assert.NotNull(recipient.Provider);
            Assert.NotNull(recipient.SentAt);
        });
        var emailRecipients = version.Recipients.Where(r => r.Channel == "email").ToDictionary(r => r.ProviderMessageId!, StringComparer.Ordinal);
        Assert.Equal(400, emails.Count);
        Assert.All(emails, m =>
        {
            var recipient = emailRecipients[m.MessageId!];
            Assert.Equal(PersonalDataMask.MaskEmail(Assert.Single(m.To)), recipient.Address);
            Assert.Equal("Sent", recipient.Status);
            Assert.Null(recipient.Receipt);
        });
        var everyAddress = DeliveryScenario.AllAddresses([.. smsSubscribers, .. emailSubscribers]).ToList();
        Assert.DoesNotContain(everyAddress, a => json.Text.Contains(a, StringComparison.OrdinalIgnoreCase) || csv.Text.Contains(a, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(
            [new EvidenceCountResponse("sms", "Delivered", 600), new EvidenceCountResponse("email", "Sent", 400)],
            version.Counts.OrderByDescending(c => c.Channel, StringComparer.Ordinal));

        // The CSV is the same evidence: UTF-8 with a byte order mark, one line per recipient, and the digest both forms carry.
        Assert.StartsWith("text/csv", csv.ContentType, StringComparison.Ordinal);
        Assert.Equal([0xEF, 0xBB, 0xBF], csv.Bytes[..3]);
        var (body, digest) = SplitDigest(csv.Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(body)), digest);
        Assert.Equal(evidence.Digest.Value, digest);
        var lines = Encoding.UTF8.GetString(body).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1_000, lines.Count(l => l.StartsWith("recipient,", StringComparison.Ordinal)));
        Assert.All(sms, m => Assert.Contains($",{m.MessageId},delivered,", csv.Text, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"text,{warningId},sms,text,", StringComparison.Ordinal) && l.EndsWith(sms[0].Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheDigestStaysWhileNothingChangesAndChangesWhenAnyRowChanges()
    {
        var ct = TestContext.Current.CancellationToken;
        var scenario = new DeliveryScenario(stack);
        var subscribers = Enumerable.Range(0, 3).Select(i => DeliveryScenario.NewSubscriber(HefeiCounties[i], [DeliveryScenario.NewContact("c0", Channel.Sms)])).ToList();
        await scenario.SeedAsync(subscribers);
        var warningId = await scenario.SubmitAsync("340100");
        var rows = await scenario.WaitForRowsAsync(warningId, 3, DeliveryScenario.IsFinished);
        using var operatorClient = stack.ClientFor(Role.Operator);

        var original = await DigestAsync(operatorClient, warningId);
        Assert.Equal(original, await DigestAsync(operatorClient, warningId));

        foreach (var row in rows)
        {
            // One column of one row, then put back: the digest follows the rows, not the request.
            var changed = new TableEntity(row.PartitionKey, row.RowKey) { ["ProviderMessageId"] = row.GetString("ProviderMessageId") + "x" };
            await DeliveryRowTables.Of(stack.Tables, row.PartitionKey).UpdateEntityAsync(changed, Azure.ETag.All, TableUpdateMode.Merge, ct);
            Assert.NotEqual(original, await DigestAsync(operatorClient, warningId));
            await DeliveryRowTables.Of(stack.Tables, row.PartitionKey).UpdateEntityAsync(new TableEntity(row.PartitionKey, row.RowKey) { ["ProviderMessageId"] = row.GetString("ProviderMessageId") }, Azure.ETag.All, TableUpdateMode.Merge, ct);
            Assert.Equal(original, await DigestAsync(operatorClient, warningId));
        }

        var first = rows[0];
        await DeliveryRowTables.Of(stack.Tables, first.PartitionKey).UpdateEntityAsync(new TableEntity(first.PartitionKey, first.RowKey) { ["Status"] = "Undelivered", ["Reason"] = "UNDELIV" }, Azure.ETag.All, TableUpdateMode.Merge, ct);
        Assert.NotEqual(original, await DigestAsync(operatorClient, warningId));
    }

    [Fact]
    public async Task EvidenceRefusesAnUnknownQueryParameterAndAnswersAnUnknownWarningAsNotFound()
    {
        using var admin = stack.ClientFor(Role.Admin);

        using var unknownParameter = await admin.GetAsync($"/api/warnings/{Guid.CreateVersion7()}/evidence?format=csv", TestContext.Current.CancellationToken);
        using var unknownWarning = await admin.GetAsync($"/api/warnings/{Guid.CreateVersion7()}/evidence", TestContext.Current.CancellationToken);

        var problem = await Fixtures.ProblemAssertions.AssertProblemAsync(unknownParameter, HttpStatusCode.BadRequest);
        Assert.Contains("format", problem.GetRawText(), StringComparison.Ordinal);
        await Fixtures.ProblemAssertions.AssertProblemAsync(unknownWarning, HttpStatusCode.NotFound);
    }

    private static async Task<string> DigestAsync(HttpClient client, string warningId)
    {
        var csv = await GetAsync(client, warningId, "text/csv");
        var (body, digest) = SplitDigest(csv.Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(body)), digest);
        return digest;
    }

    /// <summary>The bytes the digest covers (after the byte order mark, before the last line) and the digest the last line gives.</summary>
    private static (byte[] Body, string Digest) SplitDigest(byte[] file)
    {
        var withoutBom = file.AsSpan(3);
        var lastLine = withoutBom[..^2].LastIndexOf("\r\n"u8) + 2;
        var fields = Encoding.UTF8.GetString(withoutBom[lastLine..^2]).Split(',');
        Assert.Equal(["digest", string.Empty, "SHA-256"], fields[..3]);
        return (withoutBom[..lastLine].ToArray(), fields[3]);
    }

    private static async Task<(byte[] Bytes, string Text, string ContentType)> GetAsync(HttpClient client, string warningId, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/warnings/{warningId}/evidence");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");
        return (bytes, Encoding.UTF8.GetString(bytes), response.Content.Headers.ContentType!.ToString());
    }
}

using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using RiskAlerts.Core.Security;
using RiskAlerts.IntegrationTests.Enterprises;
using RiskAlerts.IntegrationTests.Fixtures;
using RiskAlerts.LocalChannels.Email;

namespace RiskAlerts.IntegrationTests.Delivery;

/// <summary>
/// The enterprise's side of a warning, driven as its contacts would: enterprises registered through
/// the API (so that opt-outs change a real record and the index follows), warnings submitted, the
/// links taken from the email the SMTP server received, replies played through the SMS gateway, and
/// acknowledgements read back from the warning's detail.
/// </summary>
internal sealed partial class EnterpriseLoop(LocalStackFixture stack) : IDisposable
{
    private readonly HttpClient _admin = stack.ClientFor(Role.Admin, name: "admin-loop");

    public DeliveryScenario Scenario { get; } = new(stack);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Registers an enterprise in <paramref name="county"/> with one contact, <c>legal</c>, by SMS and email, without quiet hours.</summary>
    public async Task<(string Uscc, string Phone, string Email)> RegisterAsync(string county)
    {
        var uscc = EnterpriseTestData.NewUscc(county);
        var phone = DeliveryScenario.NewPhone();
        var email = DeliveryScenario.NewEmail();
        var registration = EnterpriseTestData.Registration(county);
        registration["contacts"] = new JsonArray(EnterpriseTestData.Contact("legal", phone, email, "sms", "email"));
        registration["preferences"]!["quietHours"] = null;
        using var put = await EnterpriseTestData.PutAsync(_admin, $"/api/enterprises/{uscc}", registration);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        return (uscc, phone, email);
    }

    /// <summary>The enterprise's consent events as the API lists them to the enterprise itself, newest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> ConsentsAsync(string uscc)
    {
        using var enterprise = stack.ClientFor(Role.Enterprise, uscc);
        using var response = await enterprise.GetAsync($"/api/enterprises/{uscc}/consents", Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)).RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone())];
    }

    /// <summary>The enterprise as stored.</summary>
    public async Task<JsonElement> EnterpriseAsync(string uscc)
    {
        using var response = await _admin.GetAsync($"/api/enterprises/{uscc}", Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)).RootElement.Clone();
    }

    /// <summary>The channels of one of the enterprise's contacts, as stored.</summary>
    public async Task<IReadOnlyList<string>> ChannelsOfAsync(string uscc, string contactId = "legal")
    {
        var enterprise = await EnterpriseAsync(uscc);
        var contact = enterprise.GetProperty("contacts").EnumerateArray().Single(c => c.GetProperty("id").GetString() == contactId);
        return [.. contact.GetProperty("channels").EnumerateArray().Select(c => c.GetString()!)];
    }

    /// <summary>The consent events kept with the enterprise.</summary>
    public async Task<List<TableEntity>> ConsentEventsAsync(string uscc)
    {
        // Opt-outs only: registering and changing through the API are consent events too.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {uscc} and RowKey ge {"consent_"} and RowKey lt {"consent`"} and Source ne {"Registration"} and Source ne {"PreferencesChange"} and Source ne {"ContactsChange"}");
        var rows = new List<TableEntity>();
        await foreach (var row in stack.Tables.GetTableClient("Enterprises").QueryAsync<TableEntity>(filter, cancellationToken: Cancellation))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The acknowledgement rows of a warning, straight from the table.</summary>
    public async Task<List<TableEntity>> AcknowledgementRowsAsync(string warningId)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in stack.Tables.GetTableClient("Deliveries").QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"acks_" + warningId}"), cancellationToken: Cancellation))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The <c>acknowledgements</c> of the warning's detail, as an analyst or operator reads it.</summary>
    public async Task<JsonElement> AcknowledgementsAsync(string warningId)
    {
        using var response = await _admin.GetAsync($"/api/warnings/{warningId}/deliveries", Cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)).RootElement.GetProperty("acknowledgements").Clone();
    }

    /// <summary>The credit codes of the enterprises the detail says acknowledged.</summary>
    public async Task<IReadOnlyList<string>> AcknowledgedByAsync(string warningId) =>
        [.. (await AcknowledgementsAsync(warningId)).GetProperty("byEnterprise").EnumerateArray().Select(e => e.GetProperty("uscc").GetString()!)];

    /// <summary>Waits until the planner has planned the warning (Delivering or later).</summary>
    public async Task WaitForPlannedAsync(string warningId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await _admin.GetAsync($"/api/warnings/{warningId}", Cancellation);
            var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancellation)).RootElement.GetProperty("status").GetString();
            if (status is "Delivering" or "Completed")
            {
                return;
            }

            await Task.Delay(200, Cancellation);
        }

        Assert.Fail($"Warning {warningId} was not planned within 60 s.");
    }

    /// <summary>The Deliveries rows of the warning to one enterprise.</summary>
    public async Task<List<TableEntity>> RowsForAsync(string warningId, string uscc) =>
        [.. (await Scenario.RowsAsync(warningId)).Where(r => r.GetString("Uscc") == uscc)];

    /// <summary>Waits until the enterprise's <paramref name="expectedRows"/> rows of the warning are finished (SMS receipts in).</summary>
    public async Task<List<TableEntity>> WaitForFinishedRowsAsync(string warningId, string uscc, int expectedRows)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        List<TableEntity> rows;
        do
        {
            rows = await RowsForAsync(warningId, uscc);
            if (rows.Count == expectedRows && rows.All(DeliveryScenario.IsFinished))
            {
                return rows;
            }

            await Task.Delay(200, Cancellation);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"Warning {warningId}: expected {expectedRows} finished rows for {uscc}, found {rows.Count} ({string.Join(", ", rows.Select(r => r.GetString("Status")))}).");
        return rows;
    }

    /// <summary>The email of a warning to an address, once the SMTP server has it.</summary>
    public async Task<ReceivedEmail> WaitForEmailAsync(string address, string warningId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var email = stack.Smtp.Messages.FirstOrDefault(m => m.To.Contains(address, StringComparer.OrdinalIgnoreCase)
                && m.Headers.TryGetValue("X-RiskAlerts-Warning", out var id) && id == warningId);
            if (email is not null)
            {
                return email;
            }

            await Task.Delay(200, Cancellation);
        }

        throw new TimeoutException($"No email of warning {warningId} within 60 s.");
    }

    /// <summary>The acknowledge link of an email's text body.</summary>
    public static Uri AcknowledgeLink(ReceivedEmail email) => Link(email, "/api/acknowledge?");

    /// <summary>The unsubscribe link of an email's text body.</summary>
    public static Uri UnsubscribeLink(ReceivedEmail email) => Link(email, "/api/unsubscribe?");

    /// <summary>The URL of an email's <c>List-Unsubscribe</c> header.</summary>
    public static Uri ListUnsubscribe(ReceivedEmail email)
    {
        Assert.True(email.Headers.TryGetValue("List-Unsubscribe", out var header), "the email has no List-Unsubscribe header");
        return new Uri(HeaderUrl().Match(header).Groups[1].Value);
    }

    /// <summary>The same link with the last character of its token changed: a forgery.</summary>
    public static Uri Forged(Uri link)
    {
        var text = link.AbsoluteUri;
        var last = text[^1];
        return new Uri(text[..^1] + (last == 'A' ? 'B' : 'A'));
    }

    /// <summary>The reference the acknowledge page shows.</summary>
    public static string ReferenceOn(string page) => ReferenceMarkup().Match(page).Groups[1].Value;

    public void Dispose() => _admin.Dispose();

    private static Uri Link(ReceivedEmail email, string path)
    {
        var match = AnyUrl().Matches(email.TextBody ?? string.Empty).Select(m => m.Value).FirstOrDefault(u => u.Contains(path, StringComparison.Ordinal));
        Assert.True(match is not null, $"the email has no {path} link");
        return new Uri(match);
    }

    [GeneratedRegex(@"https?://[^\s""'<>]+")]
    private static partial Regex AnyUrl();

    [GeneratedRegex("<(https?://[^>]+)>")]
    private static partial Regex HeaderUrl();

    [GeneratedRegex("<strong data-reference>([^<]+)</strong>")]
    private static partial Regex ReferenceMarkup();
}

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Xml.Linq;
using System.Xml.Schema;
using RiskAlerts.Core.Cap;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Warnings.Submit;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Cap;

/// <summary>
/// CAP 1.2 XML in and out on the local stack: the OASIS examples (adapted to our geocodes) go in as
/// warnings and signals and come back as the same alerts; hostile or broken XML is refused and
/// writes nothing, and nothing an entity points at is ever fetched.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class CapXmlTests(LocalStackFixture stack) : IDisposable
{
    private static readonly XNamespace Cap = CapXml.NamespaceName;

    private readonly HttpClient _analyst = stack.ClientFor(Role.Analyst, name: "analyst-cap");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("a1-advisory.xml")]
    [InlineData("a2-thunderstorm.xml")]
    [InlineData("a4-multilingual.xml")]
    public async Task OasisExampleSubmittedAsCapComesBackAsTheSameAlert(string example)
    {
        var document = Example(example);

        using var submitted = await _analyst.PostAsync("/api/warnings", CapBody(document), Ct);
        var answer = await submitted.Content.ReadAsStringAsync(Ct);
        Assert.True(submitted.StatusCode == HttpStatusCode.Accepted, $"{(int)submitted.StatusCode} {answer}");
        var location = submitted.Headers.Location!;
        var warningId = location.OriginalString.Split('/')[^1];

        using var request = new HttpRequestMessage(HttpMethod.Get, location);
        request.Headers.Accept.ParseAdd(CapXml.MediaType);
        using var read = await _analyst.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(CapXml.MediaType, read.Content.Headers.ContentType?.MediaType);
        var written = await read.Content.ReadAsStringAsync(Ct);

        // What we answer is valid CAP 1.2 (the reader validates it against the schema) and says the same warning.
        var original = Command(document);
        var echoed = Command(written);
        Assert.Equal(original.Headline, echoed.Headline);
        Assert.Equal(original.Description, echoed.Description);
        Assert.Equal(original.Instruction, echoed.Instruction);
        Assert.Equal(original.Severity, echoed.Severity);
        Assert.Equal(original.Urgency, echoed.Urgency);
        Assert.Equal(original.Certainty, echoed.Certainty);
        Assert.Equal(original.Category, echoed.Category);
        Assert.Equal(original.CapStatus, echoed.CapStatus);
        Assert.Equal(original.Regions!.Order(StringComparer.Ordinal), echoed.Regions!.Order(StringComparer.Ordinal));
        Assert.Equal(original.ExpiresAt, echoed.ExpiresAt);
        Assert.Equal(original.Channels ?? ["sms", "email"], echoed.Channels);
        if (original.EffectiveAt is { } effective)
        {
            Assert.Equal(effective, echoed.EffectiveAt);
        }

        var alert = XDocument.Parse(written).Root!;
        Assert.Equal(warningId, alert.Element(Cap + "identifier")!.Value);
        Assert.Equal(TestOrganisations.Nationwide, alert.Element(Cap + "sender")!.Value);
        Assert.Equal("Alert", alert.Element(Cap + "msgType")!.Value);
        Assert.Equal("Public", alert.Element(Cap + "scope")!.Value);
        var info = Assert.Single(alert.Elements(Cap + "info"));
        Assert.Equal(TestOrganisations.NationwideName, info.Element(Cap + "senderName")!.Value);
        Assert.Equal("zh-CN", info.Element(Cap + "language")!.Value);
        Assert.All(info.Descendants(Cap + "geocode"), g => Assert.Equal(CapXml.RegionGeocode, g.Element(Cap + "valueName")!.Value));
    }

    [Fact]
    public async Task PlatformSignalAsCapIsAcceptedOnceByItsIdentifier()
    {
        using var platform = stack.ClientFor(Role.Platform, name: "jilin-cap-platform", organisation: TestOrganisations.Monitor);
        var document = Example("a2-thunderstorm.xml");

        using var first = await platform.PostAsync("/api/signals", CapBody(document), Ct);
        using var again = await platform.PostAsync("/api/signals", CapBody(document), Ct);

        var firstBody = await first.Content.ReadAsStringAsync(Ct);
        Assert.True(first.StatusCode == HttpStatusCode.OK, firstBody);
        var accepted = System.Text.Json.JsonDocument.Parse(firstBody).RootElement;
        Assert.Equal(1, accepted.GetProperty("accepted").GetInt32());
        var againBody = System.Text.Json.JsonDocument.Parse(await again.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(1, againBody.GetProperty("duplicates").GetInt32());
        Assert.Equal(accepted.GetProperty("results")[0].GetProperty("warningId").GetString(), againBody.GetProperty("results")[0].GetProperty("warningId").GetString());
        Assert.Equal(XDocument.Parse(document).Root!.Element(Cap + "identifier")!.Value, accepted.GetProperty("results")[0].GetProperty("externalId").GetString());
    }

    [Fact]
    public async Task ExternalEntityIsRefusedNothingIsWrittenAndItsAddressIsNeverFetched()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var payload = Example("a1-advisory.xml")
            .Replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE alert [<!ENTITY % remote SYSTEM \"http://127.0.0.1:{port}/dtd\"> %remote; <!ENTITY xxe SYSTEM \"http://127.0.0.1:{port}/secret\">]>", StringComparison.Ordinal)
            .Replace("<headline>", "<headline>&xxe;", StringComparison.Ordinal)
            .Replace("<alert xmlns=", $"<alert xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"{CapXml.NamespaceName} http://127.0.0.1:{port}/cap.xsd\" xmlns=", StringComparison.Ordinal);

        await AssertRefusedWritingNothingAsync("/api/warnings", _analyst, payload, HttpStatusCode.BadRequest, "$");
        using var platform = stack.ClientFor(Role.Platform, name: "jilin-cap-platform", organisation: TestOrganisations.Monitor);
        await AssertRefusedWritingNothingAsync("/api/signals", platform, payload, HttpStatusCode.BadRequest, "$");

        // Give a fetch every chance to arrive: nobody ever connects.
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await listener.AcceptTcpClientAsync(wait.Token));
    }

    [Fact]
    public async Task BillionLaughsIsRefusedAtOnceAndNothingIsWritten()
    {
        var entities = new StringBuilder("<!ENTITY lol \"lol\">");
        for (var i = 1; i <= 9; i++)
        {
            entities.Append(CultureInfo.InvariantCulture, $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat(i == 1 ? "&lol;" : $"&lol{i - 1};", 10))}\">");
        }

        var payload = Example("a1-advisory.xml")
            .Replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE alert [{entities}]>", StringComparison.Ordinal)
            .Replace("<headline>", "<headline>&lol9;", StringComparison.Ordinal);
        var started = DateTime.UtcNow;

        var problem = await AssertRefusedWritingNothingAsync("/api/warnings", _analyst, payload, HttpStatusCode.BadRequest, "$");

        Assert.Contains("DTD", problem, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "the refusal does not expand the entities first");
    }

    public static TheoryData<string, string, string> BrokenAlerts() => new()
    {
        { "malformed", "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>x</identifier>", "$" },
        { "not CAP 1.2", "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.1\"><identifier>x</identifier></alert>", "alert" },
        { "urgency outside the schema", "<urgency>Immediate</urgency>|<urgency>Soon</urgency>", "alert/info/urgency" },
        { "sent without an offset", "<sent>{{sent}}</sent>|<sent>2030-01-01T00:00:00Z</sent>", "alert/sent" },
        { "element out of order", "<severity>Severe</severity>\n    <certainty>Likely</certainty>|<certainty>Likely</certainty>\n    <severity>Severe</severity>", "alert/info/certainty" },
        { "update without references", "<msgType>Alert</msgType>|<msgType>Update</msgType>", "alert/references" },
        { "acknowledgement", "<msgType>Alert</msgType>|<msgType>Ack</msgType>", "alert/msgType" },
        { "draft", "<status>Actual</status>|<status>Draft</status>", "alert/status" },
        { "no zh-CN info", "<language>zh-CN</language>|<language>en-US</language>", "alert/info" },
        { "unknown region", "<value>220000</value>|<value>990000</value>", "alert/info/area/geocode[GB/T 2260][0]" },
        { "no category parameter", "<valueName>category</valueName>|<valueName>kind</valueName>", "alert/info/parameter[category]" },
    };

    [Theory]
    [MemberData(nameof(BrokenAlerts))]
    public async Task BrokenAlertIsRefusedNamingTheElementAndNothingIsWritten(string why, string change, string field)
    {
        var template = Template("a1-advisory.xml");
        var changed = change.Contains('|', StringComparison.Ordinal)
            ? template.Replace(change.Split('|')[0], change.Split('|')[1], StringComparison.Ordinal)
            : change;
        Assert.False(changed == template, $"the change '{why}' applies to the example");
        var payload = Fill(changed);

        await AssertRefusedWritingNothingAsync("/api/warnings", _analyst, payload, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task UpdateOfAnAlertRiskAlertsNeverIssuedIsRefusedNamingItsReferences() =>
        await AssertRefusedWritingNothingAsync("/api/warnings", _analyst, Example("a3-earthquake-update.xml"), HttpStatusCode.BadRequest, "alert/references");

    [Fact]
    public async Task UpdateAndCancelSubmittedAsCapFollowTheWarningTheirReferencesName()
    {
        var originalId = await AcceptedIdAsync(await _analyst.PostAsync("/api/warnings", CapBody(Example("a1-advisory.xml")), Ct));
        var original = await CapOfAsync(originalId);

        var update = FollowUp(Example("a1-advisory.xml"), "Update", [original])
            .Replace("<headline>全省电信诈骗风险等级上调为橙色</headline>", "<headline>更正：全省电信诈骗风险等级上调为红色</headline>", StringComparison.Ordinal);
        var updateId = await AcceptedIdAsync(await _analyst.PostAsync("/api/warnings", CapBody(update), Ct));
        var updated = await CapOfAsync(updateId);
        Assert.Equal("Update", updated.Element(Cap + "msgType")!.Value);
        Assert.Equal(Reference(original), updated.Element(Cap + "references")!.Value);
        Assert.Equal("更正：全省电信诈骗风险等级上调为红色", updated.Element(Cap + "info")!.Element(Cap + "headline")!.Value);

        // The Cancel names both versions in any order, carries no info and says why in its note.
        var cancel = FollowUp(Example("a1-advisory.xml"), "Cancel", [updated, original], note: "经核实为误报");
        cancel = cancel[..cancel.IndexOf("  <info>", StringComparison.Ordinal)] + "</alert>";
        var cancelId = await AcceptedIdAsync(await _analyst.PostAsync("/api/warnings", CapBody(cancel), Ct));
        var cancelled = await CapOfAsync(cancelId);
        Assert.Equal("Cancel", cancelled.Element(Cap + "msgType")!.Value);
        Assert.Equal("经核实为误报", cancelled.Element(Cap + "info")!.Element(Cap + "description")!.Value);
        Assert.Equal(
            new[] { Reference(original), Reference(updated) }.Order(StringComparer.Ordinal),
            cancelled.Element(Cap + "references")!.Value.Split(' ').Order(StringComparer.Ordinal));

        // A Cancel is the last word on its warning: following it up is refused, and writes nothing.
        var before = await TableProbe.CountRowsAsync(stack.Tables, "Warnings");
        using var again = await _analyst.PostAsync("/api/warnings", CapBody(FollowUp(Example("a1-advisory.xml"), "Cancel", [cancelled, updated, original], note: "再次撤销")), Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(before, await TableProbe.CountRowsAsync(stack.Tables, "Warnings"));
    }

    [Fact]
    public async Task CancelAsCapWithoutAReasonIsRefusedNamingItsNote()
    {
        var originalId = await AcceptedIdAsync(await _analyst.PostAsync("/api/warnings", CapBody(Example("a1-advisory.xml")), Ct));
        var cancel = FollowUp(Example("a1-advisory.xml"), "Cancel", [await CapOfAsync(originalId)]);
        cancel = cancel[..cancel.IndexOf("  <info>", StringComparison.Ordinal)] + "</alert>";

        await AssertRefusedWritingNothingAsync("/api/warnings", _analyst, cancel, HttpStatusCode.BadRequest, "alert/note");
    }

    [Fact]
    public async Task SignalAsCapUpdateIsRefusedAsASignalIsAnAlertOfItsOwn()
    {
        var originalId = await AcceptedIdAsync(await _analyst.PostAsync("/api/warnings", CapBody(Example("a1-advisory.xml")), Ct));
        using var platform = stack.ClientFor(Role.Platform, name: "jilin-cap-platform", organisation: TestOrganisations.Monitor);

        await AssertRefusedWritingNothingAsync("/api/signals", platform, FollowUp(Example("a2-thunderstorm.xml"), "Update", [await CapOfAsync(originalId)]), HttpStatusCode.BadRequest, "alert/msgType");
    }

    [Fact]
    public async Task UpdateAndCancelReadAsCapAreSchemaValidAndReferenceEveryEarlierVersion()
    {
        var originalId = await AcceptedIdAsync(await _analyst.PostAsync("/api/warnings", CapBody(Example("a1-advisory.xml")), Ct));
        var updateId = await AcceptedIdAsync(await _analyst.PostAsJsonAsync($"/api/warnings/{originalId}/updates", new { headline = "更正：冒充客服退款诈骗" }, Ct));
        var cancelId = await AcceptedIdAsync(await _analyst.PostAsJsonAsync($"/api/warnings/{updateId}/cancel", new { reason = "经核实为误报" }, Ct));

        var original = await CapOfAsync(originalId);
        var update = await CapOfAsync(updateId);
        var cancel = await CapOfAsync(cancelId);

        Assert.Equal("Alert", original.Element(Cap + "msgType")!.Value);
        Assert.Null(original.Element(Cap + "references"));
        Assert.Equal("Update", update.Element(Cap + "msgType")!.Value);
        Assert.Equal(Reference(original), update.Element(Cap + "references")!.Value);
        Assert.Equal("Cancel", cancel.Element(Cap + "msgType")!.Value);
        Assert.Equal(
            new[] { Reference(original), Reference(update) }.Order(StringComparer.Ordinal),
            cancel.Element(Cap + "references")!.Value.Split(' ').Order(StringComparer.Ordinal));
        Assert.Equal("经核实为误报", cancel.Element(Cap + "info")!.Element(Cap + "description")!.Value);
    }

    [Fact]
    public async Task OversizedAlertIsRefusedAsTooLargeAndNothingIsWritten()
    {
        var payload = Example("a1-advisory.xml").Replace("<description>", "<description>" + new string('诈', 30_000), StringComparison.Ordinal);

        await AssertRefusedWritingNothingAsync("/api/warnings", _analyst, payload, HttpStatusCode.RequestEntityTooLarge, null);
    }

    public void Dispose() => _analyst.Dispose();

    /// <summary>An adapted OASIS example with a fresh identifier and times around now.</summary>
    private static string Example(string name) => Fill(Template(name));

    private static string Template(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Cap", "Data", name));

    private static string Fill(string template)
    {
        var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        static string Cap(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        return template
            .Replace("{{identifier}}", $"cap-{Guid.NewGuid():N}", StringComparison.Ordinal)
            .Replace("{{sent}}", Cap(now), StringComparison.Ordinal)
            .Replace("{{effective}}", Cap(now.AddMinutes(-1)), StringComparison.Ordinal)
            .Replace("{{expires}}", Cap(now.AddHours(12)), StringComparison.Ordinal);
    }

    private static async Task<string> AcceptedIdAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
            return response.Headers.Location!.OriginalString.Split('/')[^1];
        }
    }

    /// <summary>A stored warning as CAP, checked against the CAP 1.2 schema.</summary>
    private async Task<XElement> CapOfAsync(string warningId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/warnings/{warningId}");
        request.Headers.Accept.ParseAdd(CapXml.MediaType);
        using var response = await _analyst.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var errors = new List<string>();
        document.Validate(CapXml.Schemas, (_, e) => errors.Add(e.Message));
        Assert.Empty(errors);
        return document.Root!;
    }

    private static SubmitWarningCommand Command(string document) => CapAlertReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(document))).Command;

    /// <summary>An alert's entry in CAP references: sender,identifier,sent.</summary>
    private static string Reference(XElement alert) => $"{alert.Element(Cap + "sender")!.Value},{alert.Element(Cap + "identifier")!.Value},{alert.Element(Cap + "sent")!.Value}";

    /// <summary>The document as an Update or Cancel of the given alerts, with a note when given (in the schema's place, after scope).</summary>
    private static string FollowUp(string document, string messageType, IEnumerable<XElement> follows, string? note = null) =>
        document
            .Replace("<msgType>Alert</msgType>", $"<msgType>{messageType}</msgType>", StringComparison.Ordinal)
            .Replace("<scope>Public</scope>", "<scope>Public</scope>" + (note is null ? string.Empty : $"\n  <note>{note}</note>") + $"\n  <references>{string.Join(' ', follows.Select(Reference))}</references>", StringComparison.Ordinal);

    private static StringContent CapBody(string document) => new(document, Encoding.UTF8, CapXml.MediaType);

    /// <summary>Posts the payload, checks the problem (and the field when given) and that no warning row appeared; returns the problem text.</summary>
    private async Task<string> AssertRefusedWritingNothingAsync(string path, HttpClient client, string payload, HttpStatusCode status, string? field)
    {
        var before = await TableProbe.CountRowsAsync(stack.Tables, "Warnings");

        using var response = await client.PostAsync(path, CapBody(payload), Ct);

        var problem = await ProblemAssertions.AssertProblemAsync(response, status);
        if (field is not null)
        {
            Assert.Contains(field, ProblemAssertions.ErrorFields(problem));
        }

        Assert.Equal(before, await TableProbe.CountRowsAsync(stack.Tables, "Warnings"));
        return problem.GetRawText();
    }
}

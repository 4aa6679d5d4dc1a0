using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Deliveries.Escalation;
using RiskAlerts.Core.Deliveries.Plan;
using RiskAlerts.Core.Deliveries.Send;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Industries;
using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Subscriptions;
using RiskAlerts.Core.Telemetry;
using RiskAlerts.Core.Warnings;
using RiskAlerts.Infrastructure.Storage.Enterprises;
using RiskAlerts.IntegrationTests.Fixtures;
using RiskAlerts.LocalChannels.Email;
using RiskAlerts.LocalChannels.Sms;

namespace RiskAlerts.IntegrationTests.Delivery;

/// <summary>
/// Seeds subscribers straight into the <c>Subscriptions</c> index (through the registry's own bulk
/// writer), submits warnings over HTTP and reads back the Deliveries rows and what the SMS gateways
/// and the SMTP server received. Every scenario draws its own phone numbers, mailboxes and credit
/// codes, so scenarios never count each other's messages.
/// </summary>
internal sealed class DeliveryScenario(LocalStackFixture stack)
{
    private static int _serial = Random.Shared.Next(1_000_000, 9_000_000);

    public List<Subscriber> Subscribers { get; } = [];

    public static string NewPhone() => string.Create(CultureInfo.InvariantCulture, $"+86139{Interlocked.Increment(ref _serial) % 100_000_000:D8}");

    public static string NewEmail() => string.Create(CultureInfo.InvariantCulture, $"c{Interlocked.Increment(ref _serial)}@example.com");

    public static UnifiedSocialCreditCode NewUscc(string county) =>
        UnifiedSocialCreditCode.FromFirst17(string.Create(CultureInfo.InvariantCulture, $"91{county}{Interlocked.Increment(ref _serial) % 1_000_000_000:D9}"));

    /// <summary>A contact with a fresh number and mailbox on the given channels.</summary>
    public static Contact NewContact(string id, params Channel[] channels) =>
        new(id, "联系人" + id, null, NewPhone(), NewEmail(), channels.Length == 0 ? [Channel.Sms, Channel.Email] : channels, 0);

    /// <summary>Writes the subscribers to the index; each is interested in its registered county.</summary>
    public async Task SeedAsync(IEnumerable<Subscriber> subscribers)
    {
        var list = subscribers.ToList();
        Subscribers.AddRange(list);
        await SubscriptionIndexBulkWriter.WriteAsync(stack.Tables.GetTableClient("Subscriptions"), list.Select(s => (s, 1L)), 8, TestContext.Current.CancellationToken);
    }

    public static Subscriber NewSubscriber(string county, IReadOnlyList<Contact> contacts, string category = "telecom-fraud", QuietHours? quietHours = null) =>
        new(
            new Enterprise(NewUscc(county), "测试企业", RegionCode.Parse(county), IndustryCode.Parse("C39")),
            new SubscriptionPreferences([category], Severity.Minor, [RegionCode.Parse(county)], [], [Channel.Sms, Channel.Email], quietHours),
            contacts);

    /// <summary>Submits a warning as an analyst and returns its id.</summary>
    public async Task<string> SubmitAsync(string region, string severity = "Severe", DateTimeOffset? expiresAt = null, string category = "telecom-fraud", string? capStatus = null)
    {
        using var analyst = stack.ClientFor(Role.Analyst, name: "analyst-delivery");
        var body = new Dictionary<string, object?>
        {
            ["category"] = category,
            ["headline"] = "冒充公检法诈骗预警",
            ["description"] = "有人冒充公安机关要求企业财务人员转账。",
            ["instruction"] = "请勿转账，拨打110核实。",
            ["severity"] = severity,
            ["regions"] = new[] { region },
        };
        if (expiresAt is { } expires)
        {
            body["expiresAt"] = expires;
        }

        if (capStatus is not null)
        {
            body["capStatus"] = capStatus;
        }

        using var response = await analyst.PostAsJsonAsync("/api/warnings", body, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"submit failed: {(int)response.StatusCode} {text}");
        var warning = JsonDocument.Parse(text).RootElement;
        var id = warning.GetProperty("id").GetString()!;
        if (warning.GetProperty("status").GetString() == "PendingApproval")
        {
            // Large and Extreme broadcasts wait for a second principal: the scenario's approver lets them go.
            await ApproveAsync(id);
        }

        return id;
    }

    /// <summary>
    /// A warning stored as Accepted but never put on the queue, so only the test's own planner
    /// (<see cref="PlannerAt"/>) plans it.
    /// </summary>
    public async Task<string> InsertAcceptedWarningAsync(DateTimeOffset now, Severity severity, string county, IReadOnlyList<Channel> channels, string headline, TimeSpan? expiresIn = null)
    {
        var warningId = WarningId.New(now);
        await stack.Services.GetRequiredService<IWarningStore>().InsertAsync(
            new Warning
            {
                Id = warningId,
                Source = "analyst",
                Organisation = TestOrganisations.Nationwide,
                OrganisationName = TestOrganisations.NationwideName,
                Headline = headline,
                Description = "d",
                Audience = new WarningAudience("telecom-fraud", severity, [RegionCode.Parse(county)], [], [], channels),
                Urgency = Urgency.Immediate,
                Certainty = Certainty.Likely,
                EffectiveAt = now,
                ExpiresAt = now + (expiresIn ?? TimeSpan.FromHours(6)),
                Language = "zh-CN",
                Status = WarningStatus.Accepted,
                AcceptedAt = now,
                SubmittedBy = "analyst-delivery",
            },
            TestContext.Current.CancellationToken);
        return warningId;
    }

    /// <summary>The stack's planner on <paramref name="clock"/>, with <paramref name="escalation"/> (default: none).</summary>
    public PlanDeliveriesHandler PlannerAt(TimeProvider clock, EscalationOptions? escalation = null) => new(
        stack.Services.GetRequiredService<IWarningStore>(),
        stack.Services.GetRequiredService<AudienceResolver>(),
        stack.Services.GetRequiredService<EarlierRecipients>(),
        stack.Services.GetRequiredService<IDeliveryStore>(),
        stack.Services.GetRequiredService<IDeliveryBatchPublisher>(),
        stack.Services.GetRequiredService<IEscalationScheduler>(),
        stack.Services.GetRequiredService<WarningCache>(),
        stack.Services.GetRequiredService<IOptions<DeliveryOptions>>(),
        Options.Create(escalation ?? new EscalationOptions { Extreme = null, Severe = null }),
        clock,
        stack.Services.GetRequiredService<RiskAlertsTelemetry>(),
        NullLogger<PlanDeliveriesHandler>.Instance);

    /// <summary>Approves a warning that waits for approval, as a principal other than its submitter.</summary>
    public async Task ApproveAsync(string warningId)
    {
        using var approver = stack.ClientFor(Role.Approver, name: "approver-delivery");
        using var approved = await approver.PostAsJsonAsync($"/api/warnings/{warningId}/approve", new { reason = "已核实" }, TestContext.Current.CancellationToken);
        Assert.True(approved.StatusCode == HttpStatusCode.OK, $"approval failed: {(int)approved.StatusCode} {await approved.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
    }

    /// <summary>Every Deliveries row of the warning.</summary>
    public Task<List<TableEntity>> RowsAsync(string warningId) =>
        DeliveryRowTables.RowsOfWarningAsync(stack.Tables, warningId, cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>Waits until the warning has <paramref name="expectedRows"/> rows and every one satisfies <paramref name="done"/>.</summary>
    public async Task<List<TableEntity>> WaitForRowsAsync(string warningId, int expectedRows, Func<TableEntity, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        List<TableEntity> rows;
        do
        {
            rows = await RowsAsync(warningId);
            if (rows.Count == expectedRows && rows.All(done))
            {
                return rows;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
        while (DateTime.UtcNow < deadline);

        var statuses = string.Join(", ", rows.GroupBy(r => r.GetString("Status")).Select(g => $"{g.Key}={g.Count()}"));
        Assert.Fail($"Warning {warningId}: expected {expectedRows} finished rows, found {rows.Count} ({statuses}).");
        return rows;
    }

    /// <summary>Settled, and for SMS past Sent (the receipt arrived) unless it failed.</summary>
    public static bool IsFinished(TableEntity row) =>
        row.GetString("Status") is "Delivered" or "Undelivered" or "Failed" or "Suppressed" or "Expired"
        || (row.GetString("Status") == "Sent" && row.GetString("Channel") == "email");

    /// <summary>Every SMS both gateways took for these numbers.</summary>
    public IReadOnlyList<RecordedSms> SmsTo(IEnumerable<string> phones)
    {
        var wanted = phones.ToHashSet(StringComparer.Ordinal);
        return [.. stack.SmsGateway.Messages.Concat(stack.BackupSmsGateway.Messages).Where(m => wanted.Contains(m.Phone))];
    }

    /// <summary>Every email the SMTP server took for these addresses.</summary>
    public IReadOnlyList<ReceivedEmail> EmailsTo(IEnumerable<string> addresses)
    {
        var wanted = addresses.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. stack.Smtp.Messages.Where(m => m.To.Any(wanted.Contains))];
    }

    /// <summary>The numbers that should receive an SMS (contacts with SMS among their channels).</summary>
    public static IEnumerable<string> SmsAddresses(IEnumerable<Subscriber> subscribers) =>
        subscribers.SelectMany(s => s.Contacts).Where(c => c.Channels.Contains(Channel.Sms)).Select(c => c.Mobile!);

    /// <summary>The mailboxes that should receive an email.</summary>
    public static IEnumerable<string> EmailAddresses(IEnumerable<Subscriber> subscribers) =>
        subscribers.SelectMany(s => s.Contacts).Where(c => c.Channels.Contains(Channel.Email)).Select(c => c.Email!);

    public static IEnumerable<string> AllAddresses(IEnumerable<Subscriber> subscribers) =>
        subscribers.SelectMany(s => s.Contacts).SelectMany(c => new[] { c.Mobile!, c.Email! });
}

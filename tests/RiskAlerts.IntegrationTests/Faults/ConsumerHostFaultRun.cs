using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Industries;
using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Subscriptions;
using RiskAlerts.Functions.Security;
using RiskAlerts.Host.Local;
using RiskAlerts.Infrastructure.Storage.Enterprises;
using RiskAlerts.IntegrationTests.Fixtures;
using RiskAlerts.LocalChannels.Email;
using RiskAlerts.LocalChannels.Sms;
using RiskAlerts.LocalServiceBus;

namespace RiskAlerts.IntegrationTests.Faults;

/// <summary>One variant of the kill test: what goes wrong besides the kills.</summary>
internal sealed record FaultVariant(string Name)
{
    /// <summary>Enterprises seeded in Jilin: one SMS contact each, and for about half a second contact by email.</summary>
    public int Enterprises { get; init; } = 2_000;

    /// <summary>SIGKILLs of the host during sending, each followed by a restart.</summary>
    public int Kills { get; init; } = 3;

    /// <summary>The broker keeps a dead consumer's locks until they expire, as Service Bus does.</summary>
    public bool KeepLocksOnDisconnect { get; init; }

    /// <summary>Share of SMS requests the gateway answers 503.</summary>
    public double SmsTransientFailureRate { get; init; }

    /// <summary>Share of SMS requests the gateway carries out but never answers.</summary>
    public double SmsAnswerLossRate { get; init; }

    /// <summary>How long Azurite is unreachable from the host, once, mid-broadcast; none when null.</summary>
    public TimeSpan? TablesOutage { get; init; }

    /// <summary>Times every connection between the host and the broker is reset mid-broadcast.</summary>
    public int BrokerConnectionDrops { get; init; }
}

/// <summary>
/// The kill test: Azurite, the local broker, the SMS gateway and the SMTP server run in this process
/// and outlive the host, which runs as a separate process (<see cref="ConsumerHostProcess"/>). A
/// province broadcast is planned, the host is killed with SIGKILL at random points while it sends
/// and started again, and when every message is settled the stand-ins are counted: who got nothing,
/// who got two, and whether every Deliveries row tells the truth.
/// </summary>
internal static class ConsumerHostFaultRun
{
    private const string Province = "220000";
    private const string ProviderName = "generic";
    private const string ReceiptSecret = "fault-test-receipt-secret-0123456789";

    /// <summary>
    /// The lock of every entity when the broker keeps locks (the product's are 30 and 60 s): a killed
    /// consumer's messages come back after it, as they would in Azure after the product's lock.
    /// The claim lease is the same, as in the product, where both are 60 s.
    /// </summary>
    private static readonly TimeSpan KeptLockDuration = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ClaimLease = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan CompletionTimeout = TimeSpan.FromSeconds(20);

    public static async Task<FaultRunReport> RunAsync(FaultVariant variant, CancellationToken cancellationToken)
    {
        var seed = Environment.GetEnvironmentVariable("RISKALERTS_FAULT_SEED") is { Length: > 0 } fixedSeed
            ? int.Parse(fixedSeed, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        var timeline = new List<string>();
        void Note(string what) => timeline.Add(string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds,6:F1} s  {what}"));

        await using var azurite = await AzuriteTableServer.StartAsync(cancellationToken: cancellationToken);
        await using var broker = await LocalServiceBusBroker.StartAsync(Topology(variant), cancellationToken: cancellationToken);
        await using var gateway = await LocalSmsGateway.StartAsync(
            new LocalSmsGatewayOptions { ReceiptSecret = ReceiptSecret, ReceiptAttempts = 200, RandomSeed = seed },
            cancellationToken: cancellationToken);
        gateway.Faults.TransientFailureRate = variant.SmsTransientFailureRate;
        gateway.Faults.AnswerLossRate = variant.SmsAnswerLossRate;
        await using var smtp = await LocalSmtpServer.StartAsync(cancellationToken: cancellationToken);
        await using var tablesProxy = variant.TablesOutage is null ? null : TcpFaultProxy.Start(azurite.Port);
        await using var brokerProxy = variant.BrokerConnectionDrops == 0 ? null : TcpFaultProxy.Start(broker.Port);

        var hostAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        var signing = new DevelopmentTokenOptions { SigningKey = DevelopmentTokens.NewSigningKey() };
        var settings = HostSettings(
            hostAddress,
            tablesProxy is null ? azurite.ConnectionString : azurite.ConnectionString.Replace($":{azurite.Port}/", $":{tablesProxy.Port}/", StringComparison.Ordinal),
            brokerProxy is null ? broker.ConnectionString : LocalServiceBusBroker.ConnectionStringFor(brokerProxy.Port),
            gateway,
            smtp,
            signing);

        var starts = 0;
        var logs = new List<string>();
        ConsumerHostProcess? host = null;
        try
        {
            host = await ConsumerHostProcess.StartAsync(settings, hostAddress, $"{variant.Name}-{++starts}", cancellationToken);
            logs.Add(host.LogPath);
            Note($"host started (pid {host.Id})");

            var tables = new TableServiceClient(azurite.ConnectionString);
            var audience = Audience(variant.Enterprises, seed);
            await SubscriptionIndexBulkWriter.WriteAsync(tables.GetTableClient("Subscriptions"), audience.Subscribers.Select(s => (s, 1L)), 8, cancellationToken);
            Note($"seeded {audience.Subscribers.Count} enterprises: {audience.Phones.Count} SMS and {audience.Emails.Count} email recipients");

            using var analyst = new HttpClient { BaseAddress = hostAddress, Timeout = TimeSpan.FromSeconds(60) };
            analyst.DefaultRequestHeaders.Authorization = new("Bearer", DevelopmentTokens.Issue(signing, "fault-test-analyst", [Role.Analyst], null, "uscc", TimeSpan.FromHours(1), organisation: "jilin-province-centre"));
            var broadcast = Stopwatch.StartNew();
            var warningId = await SubmitAsync(analyst, cancellationToken);
            Note($"warning {warningId} accepted");

            var expected = audience.Phones.Count + audience.Emails.Count;
            int Taken() => gateway.Messages.Count + smtp.MessageCount;
            foreach (var (fraction, fault) in Faults(variant, random))
            {
                var threshold = (int)(expected * fraction);
                if (!await WaitUntilAsync(() => Taken() >= threshold, TimeSpan.FromSeconds(60), cancellationToken))
                {
                    Note($"sending stalled below {threshold} taken; {Taken()} taken");
                    break;
                }

                switch (fault)
                {
                    case Fault.Kill:
                        var killedAt = Taken();
                        await host.KillAsync();
                        Note($"host (pid {host.Id}) killed with SIGKILL at {killedAt} of {expected} taken ({gateway.RequestsInFlight} SMS requests in flight)");
                        await host.DisposeAsync();
                        host = null;
                        host = await ConsumerHostProcess.StartAsync(settings, hostAddress, $"{variant.Name}-{++starts}", cancellationToken);
                        logs.Add(host.LogPath);
                        Note($"host started again (pid {host.Id}) at {Taken()} taken");
                        break;
                    case Fault.TablesOutage:
                        Note($"Azurite unreachable for {variant.TablesOutage!.Value.TotalSeconds:F0} s from {Taken()} taken");
                        await tablesProxy!.OutageAsync(variant.TablesOutage.Value, cancellationToken);
                        Note($"Azurite reachable again at {Taken()} taken");
                        break;
                    case Fault.BrokerConnectionDrop:
                        brokerProxy!.DropConnections();
                        Note($"broker connections reset at {Taken()} taken ({brokerProxy.Dropped} reset so far)");
                        break;
                }
            }

            var rows = await WaitUntilSettledAsync(tables, broker, gateway, warningId, expected, cancellationToken);
            var elapsed = broadcast.Elapsed;
            Note("settled, or gave up waiting");
            var warningStatus = await WaitUntilCompletedAsync(analyst, warningId, cancellationToken);
            return new FaultRunReport(
                variant,
                seed,
                audience.Phones,
                audience.Emails,
                gateway.Messages.Select(m => m.Phone).ToList(),
                [.. smtp.Messages.SelectMany(m => m.To.Select(to => new TakenEmail(to, m.MessageId)))],
                rows,
                await DeadLettersAsync(broker, cancellationToken),
                string.Create(CultureInfo.InvariantCulture, $"{broker.Counters.MessagesDelivered} deliveries, {broker.Counters.Completed} completed, {broker.Counters.Abandoned} abandoned by a handler, {broker.Counters.Released} released or given back when their receiver went"),
                warningStatus,
                gateway.RepeatedAnswers,
                gateway.ReceiptFailures,
                starts,
                elapsed,
                timeline,
                logs);
        }
        finally
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }
    }

    private enum Fault
    {
        Kill,
        TablesOutage,
        BrokerConnectionDrop,
    }

    /// <summary>The faults of a run at random points of the sending (the share of messages taken), in order.</summary>
    private static List<(double Fraction, Fault Fault)> Faults(FaultVariant variant, Random random)
    {
        var faults = new List<(double, Fault)>();
        faults.AddRange(Enumerable.Range(0, variant.Kills).Select(_ => (0.05 + (random.NextDouble() * 0.8), Fault.Kill)));
        if (variant.TablesOutage is not null)
        {
            faults.Add((0.1 + (random.NextDouble() * 0.6), Fault.TablesOutage));
        }

        faults.AddRange(Enumerable.Range(0, variant.BrokerConnectionDrops).Select(_ => (0.05 + (random.NextDouble() * 0.8), Fault.BrokerConnectionDrop)));
        return [.. faults.OrderBy(f => f.Item1)];
    }

    private static BrokerTopology Topology(FaultVariant variant)
    {
        var topology = BrokerTopology.ProductDefault();
        if (variant.KeepLocksOnDisconnect)
        {
            topology.ReleaseLocksOnDisconnect = false;
            foreach (var queue in topology.Queues)
            {
                queue.LockDuration = KeptLockDuration;
            }

            foreach (var subscription in topology.Topics.SelectMany(t => t.Subscriptions))
            {
                subscription.LockDuration = KeptLockDuration;
            }
        }

        return topology;
    }

    /// <summary>The host's configuration: consumers and the HTTP API (the warning and the receipts come in over it), pointed at the stand-ins.</summary>
    private static Dictionary<string, string> HostSettings(Uri hostAddress, string tables, string serviceBus, LocalSmsGateway gateway, LocalSmtpServer smtp, DevelopmentTokenOptions signing) => new(StringComparer.Ordinal)
    {
        ["ASPNETCORE_ENVIRONMENT"] = "FaultTest",
        ["DOTNET_ENVIRONMENT"] = "FaultTest",
        ["ASPNETCORE_URLS"] = hostAddress.AbsoluteUri.TrimEnd('/'),
        ["Tables:connectionString"] = tables,
        ["ServiceBus:connectionString"] = serviceBus,
        ["LocalRun:ServeHttpApi"] = "true",
        ["LocalRun:ProvisionTables"] = "true",
        ["LocalRun:StartStandIns"] = "false",
        ["LocalRun:RunTimers"] = "true",
        // The completion sweep every 2 s rather than 15 s, so that the run sees the warning Completed soon after it settles.
        ["CompletionSweepSchedule"] = "*/2 * * * * *",
        // The broadcast goes out at once: approval before a large broadcast is not what these runs test.
        ["Approval:AudienceThreshold"] = "1000000",
        ["OutboxSweepSchedule"] = "0 */1 * * * *",
        ["RetentionSchedule"] = "0 0 19 * * *",
        ["Auth:DevelopmentTokens:SigningKey"] = signing.SigningKey!,
        ["Consumers:Enabled"] = "true",
        ["Sms:Providers:0:Name"] = ProviderName,
        ["Sms:Providers:0:Kind"] = "Generic",
        ["Sms:Providers:0:Endpoint"] = gateway.BaseAddress.AbsoluteUri,
        ["Sms:Providers:0:KeySecret"] = "fault-test",
        ["Sms:Providers:0:CallbackUrl"] = new Uri(hostAddress, $"api/receipts/sms/{ProviderName}").AbsoluteUri,
        ["Sms:Providers:0:Resilience:BreakDuration"] = "00:00:01",
        [$"Receipts:Providers:{ProviderName}:Secret"] = ReceiptSecret,
        ["Email:Host"] = smtp.Host,
        ["Email:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
        ["Email:FromAddress"] = "alerts@riskalerts.test",
        ["Email:AcknowledgeBaseUrl"] = new Uri(hostAddress, "api/acknowledge").AbsoluteUri,
        ["Email:UnsubscribeBaseUrl"] = new Uri(hostAddress, "api/unsubscribe").AbsoluteUri,
        ["Email:VerifyBaseUrl"] = new Uri(hostAddress, "api/verify-contact").AbsoluteUri,
        // Backoff and waits short enough for a test; the counts of attempts stay the product's.
        ["Deliveries:RetryBaseDelay"] = "00:00:00.200",
        ["Deliveries:RetryMaxDelay"] = "00:00:02",
        ["Deliveries:ProviderWaitDelay"] = "00:00:01",
        ["Deliveries:ClaimLease"] = ClaimLease.ToString("c", CultureInfo.InvariantCulture),
        // The finance contact (precedence 1) gets the warning at once, as the counts expect, not on escalation.
        ["Escalation:Severe"] = string.Empty,
        ["Logging:Console:FormatterName"] = "simple",
        ["Logging:Console:FormatterOptions:SingleLine"] = "true",
        ["Logging:Console:FormatterOptions:TimestampFormat"] = "HH:mm:ss.fff ",
        ["Logging:Console:FormatterOptions:ColorBehavior"] = "Disabled",
    };

    private sealed record Seeded(List<Subscriber> Subscribers, List<string> Phones, List<string> Emails);

    private static Seeded Audience(int enterprises, int seed)
    {
        var counties = RegionCatalog.Default.CountiesUnder(RegionCode.Parse(Province));
        var random = new Random(seed);
        var subscribers = new List<Subscriber>(enterprises);
        var phones = new List<string>(enterprises);
        var emails = new List<string>(enterprises);
        for (var i = 0; i < enterprises; i++)
        {
            var county = counties[i % counties.Count];
            var uscc = UnifiedSocialCreditCode.FromFirst17(string.Create(CultureInfo.InvariantCulture, $"91{county}{i:D9}"));
            var phone = string.Create(CultureInfo.InvariantCulture, $"+86139{i:D8}");
            var contacts = new List<Contact> { new("c0", "法定代表人", null, phone, null, [Channel.Sms], 0) };
            phones.Add(phone);
            if (random.Next(2) == 0)
            {
                var email = string.Create(CultureInfo.InvariantCulture, $"finance{i}@example.com");
                contacts.Add(new("c1", "财务", null, null, email, [Channel.Email], 1));
                emails.Add(email);
            }

            subscribers.Add(new Subscriber(
                new Enterprise(uscc, "吉林测试企业", county, IndustryCode.Parse("C39")),
                new SubscriptionPreferences(["telecom-fraud"], Severity.Minor, [county], [], [Channel.Sms, Channel.Email], null),
                contacts));
        }

        return new Seeded(subscribers, phones, emails);
    }

    private static async Task<string> SubmitAsync(HttpClient analyst, CancellationToken cancellationToken)
    {
        using var response = await analyst.PostAsJsonAsync(
            "/api/warnings",
            new
            {
                category = "telecom-fraud",
                headline = "冒充公检法诈骗预警",
                description = "有人冒充公安机关要求企业财务人员转账。",
                instruction = "请勿转账，拨打110核实。",
                severity = "Severe",
                regions = new[] { Province },
            },
            cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"submit failed: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>The warning's status once the completion sweep (every 15 s) has had its chance to run.</summary>
    private static async Task<string> WaitUntilCompletedAsync(HttpClient analyst, string warningId, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        string status;
        while ((status = await WarningStatusAsync(analyst, warningId, cancellationToken)) != "Completed" && deadline.Elapsed < CompletionTimeout)
        {
            await Task.Delay(500, cancellationToken);
        }

        return status;
    }

    private static async Task<string> WarningStatusAsync(HttpClient analyst, string warningId, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await analyst.GetAsync(new Uri($"/api/warnings/{warningId}", UriKind.Relative), cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return response.IsSuccessStatusCode && JsonDocument.Parse(text).RootElement.TryGetProperty("status", out var status)
                ? status.ToString()
                : $"unreadable ({(int)response.StatusCode})";
        }
        catch (HttpRequestException ex)
        {
            return $"unreadable ({ex.Message})";
        }
    }

    /// <summary>
    /// Waits until nothing is left to do: no message active or scheduled in the broker, every expected
    /// row written and past Planned, and every SMS row's receipt taken; or until the timeout.
    /// </summary>
    private static async Task<List<TableEntity>> WaitUntilSettledAsync(TableServiceClient tables, LocalServiceBusBroker broker, LocalSmsGateway gateway, string warningId, int expected, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        List<TableEntity> rows = [];
        while (deadline.Elapsed < SettleTimeout)
        {
            if (Drained(broker) && gateway.RequestsInFlight == 0)
            {
                rows = await RowsAsync(tables, warningId, cancellationToken);
                if (rows.Count >= expected && rows.All(IsFinal))
                {
                    return rows;
                }
            }

            await Task.Delay(500, cancellationToken);
        }

        return await RowsAsync(tables, warningId, cancellationToken);
    }

    /// <summary>Nothing more will happen to it: SMS past Sent (its receipt arrived), email past Planned.</summary>
    private static bool IsFinal(TableEntity row) => (row.GetString("Channel"), row.GetString("Status")) switch
    {
        (_, "Planned" or "Sending") => false,
        ("sms", "Sent" or "Unknown") => false,
        _ => true,
    };

    private static bool Drained(LocalServiceBusBroker broker) =>
        broker.GetCounts("warnings").Active == 0
        && broker.GetCounts("deliveries").Scheduled == 0
        && broker.GetCounts("deliveries/subscriptions/sms").Active == 0
        && broker.GetCounts("deliveries/subscriptions/email").Active == 0;

    /// <summary>Each entity's dead letters, peeked with the reason the broker or the consumer gave, so a failed run says why.</summary>
    private static async Task<Dictionary<string, IReadOnlyList<string>>> DeadLettersAsync(LocalServiceBusBroker broker, CancellationToken cancellationToken)
    {
        await using var client = new ServiceBusClient(broker.ConnectionString);
        var letters = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (name, entity) in new[] { ("warnings", "warnings"), ("sms", "deliveries/subscriptions/sms"), ("email", "deliveries/subscriptions/email") })
        {
            if (broker.GetCounts(entity).DeadLetter == 0)
            {
                letters[name] = [];
                continue;
            }

            await using var receiver = entity.Split('/') is [var topic, _, var subscription]
                ? client.CreateReceiver(topic, subscription, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter })
                : client.CreateReceiver(entity, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
            var peeked = await receiver.PeekMessagesAsync(20, cancellationToken: cancellationToken);
            letters[name] = [.. peeked.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.MessageId} after {m.DeliveryCount} deliveries: {m.DeadLetterReason} {m.DeadLetterErrorDescription}"))];
        }

        return letters;
    }

    private static Task<List<TableEntity>> RowsAsync(TableServiceClient tables, string warningId, CancellationToken cancellationToken) =>
        DeliveryRowTables.RowsOfWarningAsync(tables, warningId, ["PartitionKey", "RowKey", "Channel", "Status", "Address", "Reason", "Attempts"], cancellationToken: cancellationToken);

    private static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(20, cancellationToken);
        }

        return true;
    }
}

/// <summary>One email as the SMTP server took it: to whom, and the Message-Id it carried.</summary>
internal sealed record TakenEmail(string Address, string? MessageId);

/// <summary>What one kill-test run came to, counted at the stand-ins and in the Deliveries table.</summary>
internal sealed class FaultRunReport
{
    public FaultRunReport(
        FaultVariant variant,
        int seed,
        IReadOnlyList<string> phones,
        IReadOnlyList<string> emails,
        IReadOnlyList<string> smsTaken,
        IReadOnlyList<TakenEmail> emailsTaken,
        IReadOnlyList<TableEntity> rows,
        IReadOnlyDictionary<string, IReadOnlyList<string>> deadLetters,
        string brokerCounts,
        string warningStatus,
        int repeatedAnswers,
        int receiptFailures,
        int hostStarts,
        TimeSpan elapsed,
        IReadOnlyList<string> timeline,
        IReadOnlyList<string> logs)
    {
        Variant = variant;
        Seed = seed;
        Rows = rows;
        DeadLetters = deadLetters;
        BrokerCounts = brokerCounts;
        WarningStatus = warningStatus;
        RepeatedAnswers = repeatedAnswers;
        ReceiptFailures = receiptFailures;
        HostStarts = hostStarts;
        Elapsed = elapsed;
        Timeline = timeline;
        Logs = logs;
        ExpectedSms = phones.Count;
        ExpectedEmails = emails.Count;
        Expected = phones.Count + emails.Count;

        var smsCounts = smsTaken.GroupBy(p => p, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        // An email's Message-Id is derived from its delivery id, so a copy sent again after a kill
        // carries the first one's: mail stores that keep one message per Message-Id show it once,
        // and a recipient is duplicated only by a second, different message. Both are reported.
        var emailCounts = emailsTaken.GroupBy(e => e.Address, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(e => e.MessageId).Distinct(StringComparer.Ordinal).Count(), StringComparer.OrdinalIgnoreCase);
        ResentEmails = emailsTaken.Count - emailCounts.Values.Sum();
        EmailsWithoutMessageId = emailsTaken.Count(e => string.IsNullOrEmpty(e.MessageId));
        LostSms = [.. phones.Where(p => !smsCounts.ContainsKey(p))];
        LostEmails = [.. emails.Where(e => !emailCounts.ContainsKey(e))];
        DuplicatedSms = smsCounts.Values.Sum(c => c - 1);
        DuplicatedEmails = emailCounts.Values.Sum(c => c - 1);
        Taken = smsTaken.Count + emailsTaken.Count;

        // A row tells the truth when it says what the stand-ins saw: an SMS taken is Delivered (its
        // receipt came), an email taken is Sent; a recipient never reached has no such row.
        Untruthful = [.. rows.Where(r => (r.GetString("Channel"), r.GetString("Status")) switch
        {
            ("sms", var status) when smsCounts.ContainsKey(r.GetString("Address")) => status != "Delivered",
            ("email", var status) when emailCounts.ContainsKey(r.GetString("Address")) => status != "Sent",
            (_, var status) => status is "Delivered" or "Sent",
        })];
        NotTerminal = [.. rows.Where(r => (r.GetString("Channel"), r.GetString("Status")) switch
        {
            ("sms", "Delivered" or "Undelivered" or "Failed" or "Suppressed" or "Expired") => false,
            ("email", "Sent" or "Failed" or "Suppressed" or "Expired") => false,
            _ => true,
        })];
    }

    public FaultVariant Variant { get; }

    public int Seed { get; }

    public int Expected { get; }

    public int ExpectedSms { get; }

    public int ExpectedEmails { get; }

    public int Taken { get; }

    public IReadOnlyList<string> LostSms { get; }

    public IReadOnlyList<string> LostEmails { get; }

    public int Lost => LostSms.Count + LostEmails.Count;

    public int DuplicatedSms { get; }

    public int DuplicatedEmails { get; }

    public int Duplicated => DuplicatedSms + DuplicatedEmails;

    /// <summary>Emails taken again with the Message-Id of an earlier copy: sent, not yet recorded, when the host died.</summary>
    public int ResentEmails { get; }

    /// <summary>Emails taken without a Message-Id, which no mail store could recognise as a copy.</summary>
    public int EmailsWithoutMessageId { get; }

    /// <summary>At most 0.1 % of the recipients may get a message twice.</summary>
    public int DuplicatesAllowed => Expected / 1_000;

    public IReadOnlyList<TableEntity> Rows { get; }

    public IReadOnlyList<TableEntity> Untruthful { get; }

    public IReadOnlyList<TableEntity> NotTerminal { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> DeadLetters { get; }

    /// <summary>What the broker counted: how often messages went round again.</summary>
    public string BrokerCounts { get; }

    public string WarningStatus { get; }

    public int RepeatedAnswers { get; }

    public int ReceiptFailures { get; }

    public int HostStarts { get; }

    public TimeSpan Elapsed { get; }

    public IReadOnlyList<string> Timeline { get; }

    public IReadOnlyList<string> Logs { get; }

    public override string ToString()
    {
        var text = new StringBuilder();
        void Line(string line) => text.AppendLine(line);
        Line(string.Create(CultureInfo.InvariantCulture, $"kill test '{Variant.Name}' (seed {Seed}; RISKALERTS_FAULT_SEED={Seed} repeats its fault points): {Variant}"));
        Line(string.Create(CultureInfo.InvariantCulture, $"  recipients   {Expected} ({ExpectedSms} SMS, {ExpectedEmails} email); messages taken by the stand-ins {Taken}"));
        Line(string.Create(CultureInfo.InvariantCulture, $"  lost         {Lost} ({LostSms.Count} SMS, {LostEmails.Count} email)"));
        Line(string.Create(CultureInfo.InvariantCulture, $"  duplicated   {Duplicated} ({DuplicatedSms} SMS, {DuplicatedEmails} email) = {(Expected == 0 ? 0 : 100.0 * Duplicated / Expected):F2} % (allowed {DuplicatesAllowed}); {ResentEmails} emails sent again with their first copy's Message-Id"));
        Line(string.Create(CultureInfo.InvariantCulture, $"  rows         {Rows.Count}: {string.Join(", ", Rows.GroupBy(r => $"{r.GetString("Channel")} {r.GetString("Status")}").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"))}"));
        Line(string.Create(CultureInfo.InvariantCulture, $"  untruthful   {Untruthful.Count}{Sample(Untruthful)}"));
        Line(string.Create(CultureInfo.InvariantCulture, $"  not terminal {NotTerminal.Count}{Sample(NotTerminal)}"));
        Line(string.Create(CultureInfo.InvariantCulture, $"  dead letters {string.Join(", ", DeadLetters.Select(d => $"{d.Key} {d.Value.Count}"))}; warning status {WarningStatus}"));
        foreach (var letter in DeadLetters.SelectMany(d => d.Value.Select(l => $"{d.Key}: {l}")))
        {
            Line("    " + letter);
        }

        Line("  broker       " + BrokerCounts);
        Line(string.Create(CultureInfo.InvariantCulture, $"  gateway      {RepeatedAnswers} numbers answered again from a repeated request id; {ReceiptFailures} receipt callbacks given up"));
        Line(string.Create(CultureInfo.InvariantCulture, $"  time         {Elapsed.TotalSeconds:F1} s from the POST to settled; host started {HostStarts} times"));
        foreach (var entry in Timeline)
        {
            Line("    " + entry);
        }

        foreach (var log in Logs)
        {
            Line("  host log     " + log);
        }

        return text.ToString();
    }

    private static string Sample(IReadOnlyList<TableEntity> rows) =>
        rows.Count == 0
            ? string.Empty
            : ", e.g. " + string.Join("; ", rows.Take(5).Select(r => $"{r.PartitionKey}/{r.RowKey} {r.GetString("Status")} ({r.GetString("Reason")}, attempts {r.GetInt32("Attempts")})"));
}

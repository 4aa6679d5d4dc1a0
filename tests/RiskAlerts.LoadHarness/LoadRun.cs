using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Industries;
using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Subscriptions;
using RiskAlerts.Functions.Security;
using RiskAlerts.Host;
using RiskAlerts.Host.Local;
using RiskAlerts.Infrastructure.Storage;
using RiskAlerts.Infrastructure.Storage.Enterprises;
using RiskAlerts.LocalChannels.Email;
using RiskAlerts.LocalChannels.Sms;
using RiskAlerts.LocalServiceBus;

namespace RiskAlerts.LoadHarness;

/// <summary>
/// One load run: starts Azurite (in memory), the local broker, the SMS gateway and SMTP stand-ins
/// and the host in this process; seeds enterprises in Jilin; submits one province broadcast; waits
/// until every recipient is settled (SMS delivered by receipt, email accepted); prints the numbers.
/// Table requests (a pipeline policy on the host's client) and Service Bus operations (the broker's
/// counters) are counted, not estimated, over the broadcast window: from the POST to the last settlement.
/// </summary>
internal static class LoadRun
{
    private const string ReceiptSecret = "load-harness-receipt-secret";
    private const string Province = "220000";

    public static async Task<int> MainAsync(string[] args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.WriteLine(LoadRunOptions.Usage);
            Console.WriteLine("Starts Azurite, the local Service Bus broker, the SMS and SMTP stand-ins and the host in this process, seeds the enterprises, broadcasts one province warning and prints what it cost: time to plan, first and last delivery per channel, Table requests and Service Bus operations per delivery, CPU and peak memory.");
            return 0;
        }

        var options = LoadRunOptions.Parse(args, Console.Error);
        if (options is null)
        {
            return 2;
        }

        var counties = RegionCatalog.Default.CountiesUnder(RegionCode.Parse(Province)).ToList();
        Console.WriteLine($"Load run: {options.Enterprises:N0} enterprises in {counties.Count} Jilin counties, {(options.Naive ? "naive (one message and one write per recipient)" : "batched (100 per transaction and message)")}");

        await using var azurite = await AzuriteTableServer.StartAsync();
        await using var broker = await LocalServiceBusBroker.StartAsync(BrokerTopology.ProductDefault());
        await using var gateway = await LocalSmsGateway.StartAsync(new LocalSmsGatewayOptions { ReceiptSecret = ReceiptSecret });
        await using var smtp = await LocalSmtpServer.StartAsync();
        var signing = new DevelopmentTokenOptions { SigningKey = DevelopmentTokens.NewSigningKey() };
        var hostAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}/");

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "LoadHarness", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tables:connectionString"] = azurite.ConnectionString,
            ["ServiceBus:connectionString"] = broker.ConnectionString,
            ["LocalRun:ServeHttpApi"] = "true",
            ["LocalRun:ProvisionTables"] = "true",
            ["LocalRun:StartStandIns"] = "false",
            ["Auth:DevelopmentTokens:SigningKey"] = signing.SigningKey,
            ["Sms:Providers:0:Name"] = "generic",
            ["Sms:Providers:0:Kind"] = "Generic",
            ["Sms:Providers:0:Endpoint"] = gateway.BaseAddress.AbsoluteUri,
            ["Sms:Providers:0:KeySecret"] = "load-harness",
            ["Sms:Providers:0:CallbackUrl"] = new Uri(hostAddress, "api/receipts/sms/generic").AbsoluteUri,
            ["Receipts:Providers:generic:Secret"] = ReceiptSecret,
            ["Sms:Template:Signature"] = "风险预警",
            ["Email:Host"] = smtp.Host,
            ["Email:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Email:FromAddress"] = "alerts@riskalerts.local",
            ["Deliveries:ChunkSize"] = options.Naive ? "1" : "100",
            // The broadcast measured is every contact at once (the finance contacts have precedence 1),
            // not a first delivery followed half an hour later by escalations.
            ["Escalation:Severe"] = string.Empty,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft"] = "Warning",
            ["Logging:LogLevel:System.Net.Http"] = "Warning",
            // The SDKs' own warnings (slow responses, retries) are not the run's story. The host's
            // appsettings.json names Azure.Core and Azure.Messaging.ServiceBus, and the most specific name wins.
            ["Logging:LogLevel:Azure"] = "Error",
            ["Logging:LogLevel:Azure.Core"] = "Error",
            ["Logging:LogLevel:Azure.Messaging.ServiceBus"] = "Error",
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(hostAddress.AbsoluteUri.TrimEnd('/'));
        // The host reads the Service Bus backlog from this broker, as the local run does, rather than ask it for a management API it does not serve.
        builder.Services.AddSingleton(broker);
        var tableRequests = new TableRequestCounter();
        builder.Services.AddSingleton(new TableClientPolicy(tableRequests));
        await HostComposition.ConfigureServicesAsync(builder);
        await using var host = builder.Build();
        HostComposition.ConfigurePipeline(host);
        await host.StartAsync();

        var (subscribers, smsExpected, emailExpected) = Subscribers(options, counties);
        var seeding = Stopwatch.StartNew();
        var tables = new TableServiceClient(azurite.ConnectionString);
        await SubscriptionIndexBulkWriter.WriteAsync(tables.GetTableClient("Subscriptions"), subscribers.Select(s => (s, 1L)), maxConcurrency: 8);
        Console.WriteLine($"Seeded {subscribers.Count:N0} enterprises ({smsExpected:N0} SMS + {emailExpected:N0} email recipients) in {seeding.Elapsed.TotalSeconds:N1} s");

        // The broadcast window starts here: the host's start-up and the seeding (its own client) are outside it.
        var queriesBefore = tableRequests.QueriesByTable();
        var before = new Usage(tableRequests.Snapshot(), broker.Counters.Snapshot(), ProcessUsage.ThisProcessCpu(), ProcessUsage.Cpu(azurite.ProcessId), Stopwatch.GetTimestamp());
        using var analyst = new HttpClient { BaseAddress = hostAddress, Timeout = TimeSpan.FromMinutes(2) };
        analyst.DefaultRequestHeaders.Authorization = new("Bearer", DevelopmentTokens.Issue(signing, "load-harness", [Role.Analyst], null, "uscc", TimeSpan.FromHours(2), organisation: "jilin-province-centre"));
        using var response = await analyst.PostAsJsonAsync("/api/warnings", new
        {
            category = "telecom-fraud",
            headline = "冒充公检法诈骗预警",
            description = "有人冒充公安机关要求企业财务人员转账。",
            instruction = "请勿转账，拨打110核实。",
            severity = "Severe",
            regions = new[] { Province },
        });
        var accepted = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        response.EnsureSuccessStatusCode();
        var warningId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        // A province broadcast waits for a second principal; the broadcast starts with the approval.
        using var approver = new HttpClient { BaseAddress = hostAddress, Timeout = TimeSpan.FromMinutes(2) };
        approver.DefaultRequestHeaders.Authorization = new("Bearer", DevelopmentTokens.Issue(signing, "load-harness-approver", [Role.Approver], null, "uscc", TimeSpan.FromHours(2), organisation: "jilin-province-centre"));
        using (var approved = await approver.PostAsJsonAsync($"/api/warnings/{warningId}/approve", new { reason = "load run" }))
        {
            approved.EnsureSuccessStatusCode();
        }

        accepted = DateTimeOffset.UtcNow;
        clock.Restart();
        Console.WriteLine($"Warning {warningId} accepted (202) and approved; waiting for {smsExpected + emailExpected:N0} deliveries");

        var total = smsExpected + emailExpected;
        var lastReport = TimeSpan.Zero;
        while (clock.Elapsed < options.Timeout)
        {
            // Done when every recipient has its message and its receipt, and the senders have completed
            // every batch (so the rows they write after the provider answers are written).
            var sent = gateway.Messages.Count + smtp.Messages.Count;
            if (sent >= total && gateway.ReceiptsSent.Count >= smsExpected && Drained(broker))
            {
                break;
            }

            if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(5))
            {
                lastReport = clock.Elapsed;
                Console.WriteLine($"  {clock.Elapsed.TotalSeconds,6:N1} s: {gateway.Messages.Count:N0} SMS, {smtp.Messages.Count:N0} email, {gateway.ReceiptsSent.Count:N0} receipts");
            }

            await Task.Delay(100);
        }

        var waited = clock.Elapsed;
        var after = new Usage(tableRequests.Snapshot(), broker.Counters.Snapshot(), ProcessUsage.ThisProcessCpu(), ProcessUsage.Cpu(azurite.ProcessId), Stopwatch.GetTimestamp());
        var deliveriesSent = broker.Counters.SentTo("deliveries");
        var rows = await ReadRowsAsync(tables, warningId);
        var evidence = 0;
        if (options.Evidence)
        {
            // The same analyst who sent it reads the warning's evidence once the broadcast is settled.
            evidence = await EvidenceDownload.MeasureAsync(analyst, warningId, rows.Count);
        }

        await host.StopAsync();

        var sms = gateway.Messages;
        var emails = smtp.Messages;
        var times = sms.Select(m => m.ReceivedAt).Concat(emails.Select(m => m.ReceivedAt)).Order().ToList();
        var latencies = rows.Where(r => r.SentAt is not null).Select(r => (r.SentAt!.Value - accepted).TotalMilliseconds).Order().ToList();
        var settled = rows.Count(r => DeliveryStateMachine.IsSettled(r.Status));
        var byStatus = string.Join(", ", rows.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count():N0}"));
        var duplicates = sms.Count - sms.Select(m => m.Phone).Distinct().Count() + emails.Count - emails.SelectMany(m => m.To).Distinct().Count();
        var delivered = sms.Count + emails.Count;
        var table = after.Tables.Since(before.Tables);
        var bus = after.Bus.Since(before.Bus);
        var window = Stopwatch.GetElapsedTime(before.Timestamp, after.Timestamp);

        Console.WriteLine();
        Console.WriteLine($"mode                         {(options.Naive ? "naive" : "batched")}");
        Console.WriteLine($"enterprises                  {options.Enterprises:N0}");
        Console.WriteLine($"deliveries expected          {total:N0} ({smsExpected:N0} SMS, {emailExpected:N0} email)");
        Console.WriteLine($"deliveries received          {delivered:N0} ({sms.Count:N0} SMS, {emails.Count:N0} email), duplicates {duplicates:N0}");
        Console.WriteLine($"rows                         {rows.Count:N0}, settled {settled:N0} ({byStatus})");
        Console.WriteLine($"complete                     {(delivered >= total && settled == total ? "yes" : "NO (timed out)")} after {waited.TotalSeconds:N1} s");
        if (deliveriesSent.Last is { } lastPublished)
        {
            Console.WriteLine($"time to plan                 {FromAccepted(accepted, lastPublished)} (202 to the last of {deliveriesSent.Messages:N0} 'deliveries' messages published; first {FromAccepted(accepted, deliveriesSent.First!.Value)})");
        }

        Console.WriteLine($"SMS first / last             {FirstAndLast(accepted, sms.Select(m => m.ReceivedAt))}");
        Console.WriteLine($"email first / last           {FirstAndLast(accepted, emails.Select(m => m.ReceivedAt))}");
        if (times.Count > 0)
        {
            var span = (times[^1] - accepted).TotalSeconds;
            Console.WriteLine($"202 to first delivery        {(times[0] - accepted).TotalMilliseconds:N0} ms");
            Console.WriteLine($"202 to last delivery         {span:N1} s");
            Console.WriteLine($"deliveries/s                 {times.Count / span:N0}");
        }

        if (latencies.Count > 0)
        {
            Console.WriteLine($"per-recipient latency p50    {Percentile(latencies, 0.50) / 1000:N1} s (202 to provider accepted)");
            Console.WriteLine($"per-recipient latency p99    {Percentile(latencies, 0.99) / 1000:N1} s");
        }

        Console.WriteLine($"table requests               {table.Total:N0}: {table.Queries:N0} query, {table.Batches:N0} batch, {table.PointReads:N0} point read, {table.PointWrites:N0} point write, {table.Other:N0} table; {table.Failed:N0} failed or refused");
        Console.WriteLine($"table requests / delivery    {PerDelivery(table.Total, delivered)}");
        var queriesByTable = tableRequests.QueriesByTable()
            .Select(q => (Table: q.Key, Count: q.Value - queriesBefore.GetValueOrDefault(q.Key)))
            .Where(q => q.Count > 0)
            .OrderByDescending(q => q.Count);
        Console.WriteLine($"queries by table             {string.Join(", ", queriesByTable.Select(q => $"{q.Table} {q.Count:N0}"))}");
        Console.WriteLine($"service bus operations       {bus.Operations:N0}: {bus.MessagesSent:N0} sent, {bus.MessagesDelivered:N0} delivered, {bus.Completed:N0} completed, {bus.Abandoned:N0} abandoned, {bus.DeadLettered:N0} dead-lettered, {bus.Released:N0} released, {bus.ManagementRequests:N0} management ({bus.LockRenewals:N0} lock renewals)");
        Console.WriteLine($"service bus ops / delivery   {PerDelivery(bus.Operations, delivered)}");
        Console.WriteLine($"CPU (this process)           {Cpu(after.ThisProcessCpu - before.ThisProcessCpu, window)} (host, broker, stand-ins)");
        Console.WriteLine($"CPU (Azurite, node)          {(after.AzuriteCpu - before.AzuriteCpu is { } azuriteCpu ? Cpu(azuriteCpu, window) : "n/a")}");
        Console.WriteLine($"peak memory (this process)   {Environment.WorkingSet / 1024 / 1024:N0} MiB now, {ProcessUsage.ThisProcessPeakBytes() / 1024 / 1024:N0} MiB peak");
        Console.WriteLine($"peak memory (Azurite, node)  {(ProcessUsage.PeakBytes(azurite.ProcessId) is { } peak ? $"{peak / 1024 / 1024:N0} MiB peak" : "n/a")}");
        Console.WriteLine($"broadcast window             {window.TotalSeconds:N1} s, from the POST to the last settlement; counts and CPU above are over it");
        return delivered >= total ? evidence : 1;
    }

    // Nothing left for the planner or the senders: every message they took is settled.
    private static bool Drained(LocalServiceBusBroker broker) =>
        broker.GetCounts("warnings").Active == 0
        && broker.GetCounts("deliveries/subscriptions/sms").Active == 0
        && broker.GetCounts("deliveries/subscriptions/email").Active == 0;

    private static string FromAccepted(DateTimeOffset accepted, DateTimeOffset at) =>
        (at - accepted).TotalSeconds < 10 ? $"{(at - accepted).TotalMilliseconds:N0} ms" : $"{(at - accepted).TotalSeconds:N1} s";

    private static string FirstAndLast(DateTimeOffset accepted, IEnumerable<DateTimeOffset> times)
    {
        var sorted = times.Order().ToList();
        return sorted.Count == 0 ? "none" : $"{FromAccepted(accepted, sorted[0])} / {FromAccepted(accepted, sorted[^1])} after the 202";
    }

    private static string PerDelivery(long count, int deliveries) =>
        deliveries == 0 ? "n/a" : (count / (double)deliveries).ToString("N2", CultureInfo.InvariantCulture);

    private static string Cpu(TimeSpan cpu, TimeSpan window) =>
        $"{cpu.TotalSeconds:N1} s, {cpu.TotalSeconds / window.TotalSeconds:N2} cores on average";

    private static (List<Subscriber> Subscribers, int Sms, int Email) Subscribers(LoadRunOptions options, List<RegionCode> counties)
    {
        // One or two contacts each: the first by SMS, the second (by default half of the enterprises)
        // by email, so N enterprises give about 1.5 N deliveries.
        var random = new Random(options.Seed);
        var subscribers = new List<Subscriber>(options.Enterprises);
        int sms = 0, email = 0;
        for (var i = 0; i < options.Enterprises; i++)
        {
            var county = counties[i % counties.Count];
            var uscc = UnifiedSocialCreditCode.FromFirst17(string.Create(CultureInfo.InvariantCulture, $"91{county}{i:D9}"));
            var contacts = new List<Contact> { new("c0", "法定代表人", null, string.Create(CultureInfo.InvariantCulture, $"+86139{i:D8}"), null, [Channel.Sms], 0) };
            sms++;
            if (random.Next(100) < options.EmailPercent)
            {
                contacts.Add(new("c1", "财务", null, null, string.Create(CultureInfo.InvariantCulture, $"finance{i}@example.com"), [Channel.Email], 1));
                email++;
            }

            subscribers.Add(new Subscriber(
                new Enterprise(uscc, "吉林测试企业", county, IndustryCode.Parse("C39")),
                new SubscriptionPreferences(["telecom-fraud"], Severity.Minor, [county], [], [Channel.Sms, Channel.Email], null),
                contacts));
        }

        return (subscribers, sms, email);
    }

    private static async Task<List<(DeliveryStatus Status, DateTimeOffset? SentAt)>> ReadRowsAsync(TableServiceClient tables, string warningId)
    {
        var names = new StorageOptions();
        var rows = new List<(DeliveryStatus, DateTimeOffset?)>();
        for (var shard = 0; shard < DeliveryKeys.ShardCount; shard++)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {DeliveryKeys.PartitionKey(warningId, shard)}");
            await foreach (var row in tables.GetTableClient(names.DeliveryShardTable(shard)).QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["Status", "SentAt"]))
            {
                rows.Add((Enum.Parse<DeliveryStatus>(row.GetString("Status")), row.GetDateTimeOffset("SentAt")));
            }
        }

        return rows;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>What the run has used at one moment: counted requests and operations, CPU time, the clock.</summary>
    private sealed record Usage(TableRequestCounts Tables, BrokerCounterSnapshot Bus, TimeSpan ThisProcessCpu, TimeSpan? AzuriteCpu, long Timestamp);
}

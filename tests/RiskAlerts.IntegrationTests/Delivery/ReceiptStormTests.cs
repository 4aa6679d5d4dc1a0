using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Deliveries.Receipts;
using RiskAlerts.Core.Warnings;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Delivery;

/// <summary>
/// A storm of receipts for one broadcast: many concurrent callbacks, most of them carrying a single
/// receipt, some repeated, are written together, a few Table transactions per delivery partition.
/// </summary>
[Collection(ReceiptStormCollection.Name)]
public sealed class ReceiptStormTests(LocalStackFixture stack, ITestOutputHelper output)
{
    private const int Rows = 10_000;
    private const int MaxTransactions = 150;
    private const int Connections = 4_000;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TenThousandReceiptsInConcurrentCallbacksSettleEveryRowInAtMostOneHundredFiftyTransactions()
    {
        var warningId = WarningId.New(DateTimeOffset.UtcNow);
        var batches = await SeedSentBatchesAsync(warningId);
        var callbacks = Callbacks(batches);
        var repeats = callbacks.Count(c => c.Repeat);

        using var transactions = stack.TableTransactions.Start(warningId);
        // As many connections as providers open in a storm; each connection is one callback at a time.
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Connections, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) };
        using var provider = new HttpClient(handler) { BaseAddress = stack.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        // Providers keep their connections open: the storm meets an open pool, not thousands of handshakes.
        await Task.WhenAll(Enumerable.Range(0, Connections).Select(_ => PostAsync(provider, new Callback(string.Empty, [], Repeat: false))));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var answers = await Task.WhenAll(callbacks.Select(c => PostAsync(provider, c)));
        clock.Stop();
        var counted = transactions.Transactions;
        output.WriteLine($"{Rows:N0} receipts in {callbacks.Count:N0} callbacks ({repeats} repeated) answered in {clock.Elapsed.TotalSeconds:N1} s with {counted} Table transactions over {batches.Select(b => b.Rows[0].PartitionKey).Distinct().Count()} partitions");

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Equal((Rows, repeats, 0, 0), (answers.Sum(a => a.Applied), answers.Sum(a => a.Unchanged), answers.Sum(a => a.Unmatched), answers.Sum(a => a.Early)));
        var expected = batches.SelectMany(b => b.Rows).ToDictionary(r => r.RowKey, r => Undelivered(r) ? "Undelivered" : "Delivered", StringComparer.Ordinal);
        var rows = await RowsAsync(warningId);
        Assert.Equal(Rows, rows.Count);
        Assert.All(rows, r => Assert.Equal(expected[r.RowKey], r.GetString("Status")));
        Assert.InRange(counted, 1, MaxTransactions);
    }

    /// <summary>Sent rows of one warning, its numbers spread over the shards as the planner spreads them, in send batches of up to 100 per partition.</summary>
    private async Task<List<SentBatch>> SeedSentBatchesAsync(string warningId)
    {
        var now = DateTimeOffset.UtcNow;
        var rows = Enumerable.Range(0, Rows).Select(i =>
        {
            var phone = DeliveryScenario.NewPhone();
            var uscc = DeliveryScenario.NewUscc("530102").Value;
            return new DeliveryRecord
            {
                PartitionKey = DeliveryKeys.PartitionKey(warningId, DeliveryKeys.ShardOf(phone)),
                RowKey = DeliveryKeys.RowKey(Channel.Sms, uscc, "c0"),
                WarningId = warningId,
                Channel = Channel.Sms,
                Uscc = uscc,
                ContactId = "c0",
                Address = phone,
                County = "530102",
                Status = DeliveryStatus.Sent,
                StatusAt = now,
                Provider = "primary",
                ProviderMessageId = string.Create(CultureInfo.InvariantCulture, $"STORM-{i:D5}"),
                SentAt = now,
            };
        }).ToList();
        var batches = rows.GroupBy(r => r.PartitionKey)
            .SelectMany(p => p.OrderBy(r => r.RowKey, StringComparer.Ordinal).Chunk(100))
            .Select(chunk => new SentBatch(new ReceiptReference(chunk[0].PartitionKey, chunk[0].RowKey, chunk[^1].RowKey).ToString(), chunk))
            .ToList();
        var deliveries = stack.Services.GetRequiredService<IDeliveryStore>();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Cancellation }, async (b, ct) => await deliveries.AddAsync(b.Rows, ct));
        return batches;
    }

    /// <summary>
    /// Three batches in five come back one receipt per callback, the others twenty per callback; one
    /// single-receipt callback in twenty is sent twice. In random order, all at once.
    /// </summary>
    private static List<Callback> Callbacks(List<SentBatch> batches)
    {
        var callbacks = new List<Callback>();
        for (var b = 0; b < batches.Count; b++)
        {
            var (reference, rows) = batches[b];
            var size = b % 5 < 3 ? 1 : 20;
            foreach (var chunk in rows.Chunk(size))
            {
                callbacks.Add(new Callback(reference, chunk, Repeat: false));
                if (size == 1 && callbacks.Count % 20 == 0)
                {
                    callbacks.Add(new Callback(reference, chunk, Repeat: true));
                }
            }
        }

        var random = new Random(20261203);
        return [.. callbacks.OrderBy(_ => random.Next())];
    }

    private static bool Undelivered(DeliveryRecord row) => row.ProviderMessageId!.EndsWith('7');

    private static async Task<Answer> PostAsync(HttpClient provider, Callback callback)
    {
        var body = new
        {
            receipts = callback.Rows.Select(r => new
            {
                messageId = r.ProviderMessageId,
                phone = r.Address,
                status = Undelivered(r) ? "undelivered" : "delivered",
                code = Undelivered(r) ? "UNDELIV" : "DELIVRD",
                deliveredAt = DateTimeOffset.UtcNow,
            }),
        };
        var path = callback.Reference.Length == 0 ? "/api/receipts/sms/primary" : $"/api/receipts/sms/primary?ref={Uri.EscapeDataString(callback.Reference)}";
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Receipt-Secret", LocalStackFixture.ReceiptSecret);
        using var response = await provider.SendAsync(request, Cancellation);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return new Answer(response.StatusCode, 0, 0, 0, 0);
        }

        var outcome = await response.Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        return new Answer(response.StatusCode, outcome.GetProperty("applied").GetInt32(), outcome.GetProperty("unchanged").GetInt32(), outcome.GetProperty("unmatched").GetInt32(), outcome.GetProperty("early").GetInt32());
    }

    private Task<List<TableEntity>> RowsAsync(string warningId) =>
        DeliveryRowTables.RowsOfWarningAsync(stack.Tables, warningId, ["RowKey", "Status"], cancellationToken: Cancellation);

    private sealed record SentBatch(string Reference, DeliveryRecord[] Rows);

    private sealed record Callback(string Reference, DeliveryRecord[] Rows, bool Repeat);

    private sealed record Answer(HttpStatusCode Status, int Applied, int Unchanged, int Unmatched, int Early);
}

/// <summary>The storm takes thousands of connections and both cores: it runs alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReceiptStormCollection
{
    public const string Name = "Receipt storm";
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Deliveries.Receipts;
using RiskAlerts.Core.Telemetry;
using RiskAlerts.Core.Warnings;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Delivery;

/// <summary>Receipts of several callbacks written in one group still answer each callback for its own receipts.</summary>
public sealed class ReceiptGroupTests(LocalStackFixture stack)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ACallbackForARowNotYetSentIsAskedAgainWhileTheCallbacksBesideItAreThanked()
    {
        var deliveries = stack.Services.GetRequiredService<IDeliveryStore>();
        var warningId = WarningId.New(DateTimeOffset.UtcNow);
        var (sent, planned) = await TwoRowsInOnePartitionAsync(deliveries, warningId, DeliveryStatus.Planned);
        using var transactions = stack.TableTransactions.Start(warningId);

        var answers = await Task.WhenAll(PostAsync(sent), PostAsync(planned));

        Assert.Equal(HttpStatusCode.OK, answers[0].StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, answers[1].StatusCode);
        Assert.Equal("1", answers[1].Headers.RetryAfter?.ToString());
        var early = await answers[1].Content.ReadFromJsonAsync<JsonElement>(Cancellation);
        Assert.Equal((0, 1), (early.GetProperty("applied").GetInt32(), early.GetProperty("early").GetInt32()));
        Assert.Equal(DeliveryStatus.Delivered, (await ReadAsync(deliveries, sent)).Status);
        Assert.Equal(DeliveryStatus.Planned, (await ReadAsync(deliveries, planned)).Status);
        Assert.Equal(1, transactions.Transactions);
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task AGroupThatLostARowToAnotherWriterIsReadAgainAndWritten()
    {
        var deliveries = stack.Services.GetRequiredService<IDeliveryStore>();
        var warningId = WarningId.New(DateTimeOffset.UtcNow);
        var (first, second) = await TwoRowsInOnePartitionAsync(deliveries, warningId, DeliveryStatus.Sent);
        var racing = new RacingWriter(deliveries, second);
        using var committer = new SmsReceiptCommitter(racing, TimeProvider.System, Options.Create(new ReceiptBatchingOptions { Linger = TimeSpan.FromMilliseconds(50) }), stack.Services.GetRequiredService<RiskAlertsTelemetry>(), NullLogger<SmsReceiptCommitter>.Instance);

        var outcomes = await Task.WhenAll(
            committer.SubmitAsync("primary", ReferenceOf(first), [ReceiptFor(first)], Cancellation),
            committer.SubmitAsync("primary", ReferenceOf(second), [ReceiptFor(second)], Cancellation));

        Assert.Equal([1, 1], outcomes.Select(o => o.Applied));
        // The other writer's change made the first transaction fail; the group was read again and written whole.
        Assert.Equal((2, 1), (racing.Transactions, racing.Conflicts));
        Assert.Equal(DeliveryStatus.Delivered, (await ReadAsync(deliveries, first)).Status);
        var raced = await ReadAsync(deliveries, second);
        Assert.Equal((DeliveryStatus.Delivered, 7), (raced.Status, raced.Attempts));
    }

    private static async Task<(DeliveryRecord, DeliveryRecord)> TwoRowsInOnePartitionAsync(IDeliveryStore deliveries, string warningId, DeliveryStatus secondStatus)
    {
        var phone = DeliveryScenario.NewPhone();
        var partition = DeliveryKeys.PartitionKey(warningId, DeliveryKeys.ShardOf(phone));
        var first = Row(partition, warningId, phone, "P-1", DeliveryStatus.Sent);
        var second = Row(partition, warningId, phone, "P-2", secondStatus);
        await deliveries.AddAsync([first, second], Cancellation);
        return (first, second);
    }

    private static DeliveryRecord Row(string partition, string warningId, string phone, string messageId, DeliveryStatus status)
    {
        var uscc = DeliveryScenario.NewUscc("530102").Value;
        var sent = status == DeliveryStatus.Sent;
        return new DeliveryRecord
        {
            PartitionKey = partition,
            RowKey = DeliveryKeys.RowKey(Channel.Sms, uscc, "c0"),
            WarningId = warningId,
            Channel = Channel.Sms,
            Uscc = uscc,
            ContactId = "c0",
            // Two enterprises' contacts with one number: only the message id tells their receipts apart.
            Address = phone,
            County = "530102",
            Status = status,
            StatusAt = DateTimeOffset.UtcNow,
            Provider = sent ? "primary" : null,
            ProviderMessageId = sent ? messageId : null,
            SentAt = sent ? DateTimeOffset.UtcNow : null,
        };
    }

    private static ReceiptReference ReferenceOf(DeliveryRecord row) => new(row.PartitionKey, row.RowKey, row.RowKey);

    private static SmsReceipt ReceiptFor(DeliveryRecord row) => new(row.ProviderMessageId ?? "P-unsent", row.Address, true, "DELIVRD", DateTimeOffset.UtcNow);

    private static async Task<DeliveryRecord> ReadAsync(IDeliveryStore deliveries, DeliveryRecord row) =>
        Assert.Single(await deliveries.ReadRangeAsync(row.PartitionKey, row.RowKey, row.RowKey, Cancellation));

    private Task<HttpResponseMessage> PostAsync(DeliveryRecord row)
    {
        var receipt = ReceiptFor(row);
        var body = new { receipts = new[] { new { messageId = receipt.ProviderMessageId, phone = receipt.Phone, status = "delivered", code = "DELIVRD", deliveredAt = DateTimeOffset.UtcNow } } };
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/receipts/sms/primary?ref={Uri.EscapeDataString(ReferenceOf(row).ToString())}") { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Receipt-Secret", LocalStackFixture.ReceiptSecret);
        return stack.Http.SendAsync(request, Cancellation);
    }

    /// <summary>The real store, but before the first receipt transaction another writer changes <paramref name="row"/> (as a retrying sender would).</summary>
    private sealed class RacingWriter(IDeliveryStore inner, DeliveryRecord row) : IDeliveryStore
    {
        private int _transactions;
        private int _conflicts;

        public int Transactions => _transactions;

        public int Conflicts => _conflicts;

        public async Task<IReadOnlyList<DeliveryRecord>> UpdateAsync(IReadOnlyList<DeliveryRecord> rows, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _transactions) == 1)
            {
                var current = Assert.Single(await inner.ReadRangeAsync(row.PartitionKey, row.RowKey, row.RowKey, cancellationToken));
                await inner.UpdateAsync([current with { Attempts = 7 }], cancellationToken);
            }

            try
            {
                return await inner.UpdateAsync(rows, cancellationToken);
            }
            catch (DeliveryConcurrencyException)
            {
                Interlocked.Increment(ref _conflicts);
                throw;
            }
        }

        public Task<int> AddAsync(IReadOnlyList<DeliveryRecord> rows, CancellationToken cancellationToken = default) => inner.AddAsync(rows, cancellationToken);

        public Task<IReadOnlyList<DeliveryRecord>> ReadRangeAsync(string partitionKey, string firstRowKey, string lastRowKey, CancellationToken cancellationToken = default) =>
            inner.ReadRangeAsync(partitionKey, firstRowKey, lastRowKey, cancellationToken);

        public Task<bool> HasPendingAsync(string warningId, CancellationToken cancellationToken = default) => inner.HasPendingAsync(warningId, cancellationToken);

        public Task<IReadOnlyList<DeliveryFacts>> ReadFactsAsync(string partitionKey, CancellationToken cancellationToken = default) => inner.ReadFactsAsync(partitionKey, cancellationToken);

        public Task<IReadOnlyList<DeliveryRecord>> FindByAddressAsync(string warningId, Channel channel, string address, string? pseudonym = null, CancellationToken cancellationToken = default) =>
            inner.FindByAddressAsync(warningId, channel, address, pseudonym, cancellationToken);

        public Task WritePseudonymsAsync(IReadOnlyList<DeliveryRecord> rows, CancellationToken cancellationToken = default) => inner.WritePseudonymsAsync(rows, cancellationToken);

        public Task<IReadOnlyList<DeliveryRecord>> FindByEnterpriseAsync(string warningId, string uscc, CancellationToken cancellationToken = default) => inner.FindByEnterpriseAsync(warningId, uscc, cancellationToken);

        public Task<bool> HasAnyAsync(string warningId, IReadOnlyList<DeliveryRowAddress> rows, CancellationToken cancellationToken = default) => inner.HasAnyAsync(warningId, rows, cancellationToken);

        public Task<DeliveryPage> ListAsync(DeliveryQuery query, CancellationToken cancellationToken = default) => inner.ListAsync(query, cancellationToken);

        public Task RecordUnmatchedReceiptAsync(UnmatchedReceipt receipt, CancellationToken cancellationToken = default) => inner.RecordUnmatchedReceiptAsync(receipt, cancellationToken);

        public Task<IReadOnlyList<UnmatchedReceipt>> ListUnmatchedReceiptsAsync(DateOnly day, CancellationToken cancellationToken = default) => inner.ListUnmatchedReceiptsAsync(day, cancellationToken);
    }
}

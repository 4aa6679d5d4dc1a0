using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Deliveries.Receipts;
using RiskAlerts.Core.Deliveries.Send;
using RiskAlerts.Core.Deliveries.Sms;
using RiskAlerts.Core.Registrations.OptOut;
using RiskAlerts.Core.Warnings;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Delivery;

/// <summary>
/// The sender's claim and outcome lifecycle against the real Deliveries table, gateway and SMTP
/// server. The batches here are handed to the senders directly (they are never published), so the
/// host's own consumers do not see them; the crashes are staged as the rows and claims a killed
/// sender leaves behind.
/// </summary>
[Collection(DeliveryStackCollection.Name)]
public sealed class SenderLifecycleTests(DeliveryStackFixture stack)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SecondSenderOfTheSameEmailBatchSendsNothingWhileTheFirstHoldsIt()
    {
        var (warningId, batch) = await PlanBatchAsync(Channel.Email, 12);

        await Task.WhenAll(HandleAsync<SendEmailBatchHandler>(batch), HandleAsync<SendEmailBatchHandler>(batch));

        var addresses = batch.Recipients.Select(r => r.Address).ToList();
        Assert.Equal(addresses.Order(StringComparer.OrdinalIgnoreCase), new DeliveryScenario(stack).EmailsTo(addresses).SelectMany(m => m.To).Order(StringComparer.OrdinalIgnoreCase));
        Assert.All(await RowsAsync(batch), r => Assert.Equal("Sent", r.GetString("Status")));
        Assert.NotNull(warningId);
    }

    [Fact]
    public async Task SenderTakingOverFromOneThatStoppedSendsWhatWasNotRecordedAndNothingThatWas()
    {
        var (_, batch) = await PlanBatchAsync(Channel.Email, 6);
        var recorded = batch.Recipients[0];

        // The sender that stopped had claimed the batch and recorded its first email.
        await StageLapsedClaimAsync(batch);
        var store = stack.Services.GetRequiredService<IDeliveryStore>();
        var first = (await store.ReadRangeAsync(batch.PartitionKey, recorded.RowKey, recorded.RowKey, Ct)).Single();
        await store.UpdateAsync([DeliveryStateMachine.Sent(first, DateTimeOffset.UtcNow, SendEmailBatchHandler.ProviderName, "before-the-crash")], Ct);

        await HandleAsync<SendEmailBatchHandler>(batch);

        var rest = batch.Recipients.Skip(1).Select(r => r.Address).ToList();
        var scenario = new DeliveryScenario(stack);
        Assert.Equal(rest.Order(StringComparer.OrdinalIgnoreCase), scenario.EmailsTo(rest).SelectMany(m => m.To).Order(StringComparer.OrdinalIgnoreCase));
        Assert.Empty(scenario.EmailsTo([recorded.Address]));
        Assert.All(await RowsAsync(batch), r => Assert.Equal("Sent", r.GetString("Status")));
    }

    [Fact]
    public async Task SmsInFlightAtAProviderThatCannotBeAskedTwiceBecomesUnknownIsNeverSentAgainAndIsSettledByItsReceiptOrFailedAfterTheWindow()
    {
        var (_, batch) = await PlanBatchAsync(Channel.Sms, 5);
        await StageLapsedClaimAsync(batch);
        var sms = new NotIdempotent(stack.Services.GetRequiredService<ISmsSender>());
        await using var scope = stack.Services.CreateAsyncScope();
        var handler = ActivatorUtilities.CreateInstance<SendSmsBatchHandler>(scope.ServiceProvider, (ISmsSender)sms);

        var outcome = await handler.HandleAsync(batch, Ct);

        Assert.False(outcome.IsDeadLetter);
        Assert.Equal(0, sms.Requests);
        var phones = batch.Recipients.Select(r => r.Address).ToList();
        Assert.Empty(new DeliveryScenario(stack).SmsTo(phones));
        var rows = await RowsAsync(batch);
        Assert.All(rows, r => Assert.Equal(("Unknown", DeliverySender.InterruptedReason), (r.GetString("Status"), r.GetString("Reason"))));

        // The provider had sent it after all: its receipt settles the row.
        var receipts = scope.ServiceProvider.GetRequiredService<RecordSmsReceiptsHandler>();
        var reference = new ReceiptReference(batch.PartitionKey, batch.FirstRowKey, batch.LastRowKey).ToString();
        var applied = await receipts.HandleAsync("primary", reference, [new SmsReceipt("P-1", phones[0], Delivered: true, "DELIVRD", DateTimeOffset.UtcNow)], Ct);

        Assert.Equal(1, applied.Applied);
        var settled = (await RowsAsync(batch)).Single(r => r.GetString("Address") == phones[0]);
        Assert.Equal("Delivered", settled.GetString("Status"));

        // The window ends (the check the sender scheduled arrives): the rest had no receipt.
        var check = await handler.HandleAsync(batch with { MessageId = batch.SettleMessageId(), SettleUnknown = true }, Ct);

        Assert.False(check.IsDeadLetter);
        var after = await RowsAsync(batch);
        Assert.Equal("Delivered", after.Single(r => r.GetString("Address") == phones[0]).GetString("Status"));
        Assert.All(after.Where(r => r.GetString("Address") != phones[0]), r => Assert.Equal(("Failed", DeliveryStateMachine.OutcomeUnknownReason), (r.GetString("Status"), r.GetString("Reason"))));
        Assert.Equal(0, sms.Requests);

        // A receipt later still wins.
        await receipts.HandleAsync("primary", reference, [new SmsReceipt("P-2", phones[1], Delivered: true, "DELIVRD", DateTimeOffset.UtcNow)], Ct);
        Assert.Equal("Delivered", (await RowsAsync(batch)).Single(r => r.GetString("Address") == phones[1]).GetString("Status"));
    }

    [Fact]
    public async Task SmsRepeatedAfterItsOutcomeWasLostIsAnsweredByTheProviderWithoutASecondMessage()
    {
        var (_, batch) = await PlanBatchAsync(Channel.Sms, 8);
        await HandleAsync<SendSmsBatchHandler>(batch);
        var sent = (await RowsAsync(batch)).ToDictionary(r => r.RowKey, r => r.GetString("ProviderMessageId"), StringComparer.Ordinal);
        var repeatedBefore = stack.SmsGateway.RepeatedAnswers + stack.BackupSmsGateway.RepeatedAnswers;

        // Killed after the provider took the request, before the outcome was written: the rows are still Planned.
        var store = stack.Services.GetRequiredService<IDeliveryStore>();
        var rows = await store.ReadRangeAsync(batch.PartitionKey, batch.FirstRowKey, batch.LastRowKey, Ct);
        var entities = DeliveryRowTables.Of(stack.Tables, batch.PartitionKey);
        foreach (var row in rows)
        {
            await entities.UpsertEntityAsync(new TableEntity(row.PartitionKey, row.RowKey) { ["Status"] = "Planned" }, TableUpdateMode.Merge, Ct);
        }

        // Service Bus delivers the message again.
        await HandleAsync<SendSmsBatchHandler>(batch with { Verify = true });

        var phones = batch.Recipients.Select(r => r.Address).ToList();
        Assert.Equal(phones.Order(StringComparer.Ordinal), new DeliveryScenario(stack).SmsTo(phones).Select(m => m.Phone).Order(StringComparer.Ordinal));
        Assert.Equal(phones.Count, stack.SmsGateway.RepeatedAnswers + stack.BackupSmsGateway.RepeatedAnswers - repeatedBefore);
        var after = await RowsAsync(batch);
        Assert.All(after, r =>
        {
            Assert.Contains(r.GetString("Status"), new[] { "Sent", "Delivered" });
            Assert.Equal(sent[r.RowKey], r.GetString("ProviderMessageId"));
        });
    }

    [Fact]
    public async Task AnEmailPlannedBeforeItsContactOptedOutIsSuppressedAsOptOutWhenSentAndTheOthersGoOut()
    {
        var (_, batch) = await PlanBatchAsync(Channel.Email, 4);
        var rows = (await RowsAsync(batch)).ToDictionary(r => r.RowKey, StringComparer.Ordinal);
        var (optedOut, otherEnterprise, otherCategory) = (batch.Recipients[0], batch.Recipients[1], batch.Recipients[2]);
        var ledger = stack.Services.GetRequiredService<IOptOutLedger>();
        var now = DateTimeOffset.UtcNow;

        // The race: the contact opted out after the warning was planned (what the opt-out handler records).
        await ledger.RecordAsync(new OptOutEntry(Channel.Email, optedOut.Address, rows[optedOut.RowKey].GetString("Uscc"), null, now), Ct);
        // The same mailbox stopping another enterprise, or another category, stops nothing here.
        await ledger.RecordAsync(new OptOutEntry(Channel.Email, otherEnterprise.Address, DeliveryScenario.NewUscc("659004").Value, null, now), Ct);
        await ledger.RecordAsync(new OptOutEntry(Channel.Email, otherCategory.Address, rows[otherCategory.RowKey].GetString("Uscc"), "illegal-fundraising", now), Ct);
        await HandleAsync<SendEmailBatchHandler>(batch);

        var after = (await RowsAsync(batch)).ToDictionary(r => r.RowKey, StringComparer.Ordinal);
        Assert.Equal(("Suppressed", DeliverySender.OptOutReason), (after[optedOut.RowKey].GetString("Status"), after[optedOut.RowKey].GetString("Reason")));
        Assert.All(batch.Recipients.Skip(1), r => Assert.Equal("Sent", after[r.RowKey].GetString("Status")));
        var scenario = new DeliveryScenario(stack);
        Assert.Empty(scenario.EmailsTo([optedOut.Address]));
        Assert.Equal(3, scenario.EmailsTo(batch.Recipients.Skip(1).Select(r => r.Address)).Count);
    }

    /// <summary>A warning with no audience of its own, and a batch of fresh rows under it in one partition.</summary>
    private async Task<(string WarningId, DeliveryBatch Batch)> PlanBatchAsync(Channel channel, int count)
    {
        var scenario = new DeliveryScenario(stack);
        var warningId = await scenario.SubmitAsync("659004");
        var warnings = stack.Services.GetRequiredService<IWarningStore>();
        for (var i = 0; i < 100 && (await warnings.FindAsync(warningId, Ct))?.Status is not (WarningStatus.Delivering or WarningStatus.Completed); i++)
        {
            await Task.Delay(100, Ct);
        }

        var shard = Random.Shared.Next(DeliveryKeys.ShardCount);
        var addresses = Enumerable.Range(0, 10_000)
            .Select(_ => channel == Channel.Sms ? DeliveryScenario.NewPhone() : DeliveryScenario.NewEmail())
            .Where(a => DeliveryKeys.ShardOf(a) == shard)
            .Take(count)
            .ToList();
        var partitionKey = DeliveryKeys.PartitionKey(warningId, shard);
        var rows = addresses.Select((address, i) =>
        {
            var uscc = DeliveryScenario.NewUscc("659004").Value;
            return new DeliveryRecord
            {
                PartitionKey = partitionKey,
                RowKey = DeliveryKeys.RowKey(channel, uscc, "c0"),
                WarningId = warningId,
                Channel = channel,
                Uscc = uscc,
                ContactId = "c0",
                Address = address,
                County = "659004",
                Batch = $"{channel.ToWireName()}:{i}",
                Status = DeliveryStatus.Planned,
                StatusAt = DateTimeOffset.UtcNow,
            };
        }).OrderBy(r => r.RowKey, StringComparer.Ordinal).ToList();
        await stack.Services.GetRequiredService<IDeliveryStore>().AddAsync(rows, Ct);
        var batch = new DeliveryBatch($"{warningId}:{partitionKey}:{channel.ToWireName()}:t{Guid.NewGuid():N}", warningId, channel, partitionKey, 1, [.. rows.Select(r => new DeliveryBatchRecipient(r.RowKey, r.Address))]);
        return (warningId, batch);
    }

    private async Task HandleAsync<THandler>(DeliveryBatch batch)
        where THandler : DeliverySender
    {
        await using var scope = stack.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<THandler>().HandleAsync(batch, Ct);
        Assert.False(outcome.IsDeadLetter, outcome.DeadLetterDescription);
    }

    /// <summary>The claim a sender killed mid-batch leaves: another owner's, its lease run out.</summary>
    private async Task StageLapsedClaimAsync(DeliveryBatch batch) =>
        await stack.Tables.GetTableClient("Deliveries").UpsertEntityAsync(
            new TableEntity($"batch-claims_{batch.WarningId}", DeliveryKeys.Sanitise(batch.MessageId))
            {
                ["Owner"] = "a-sender-that-was-killed",
                ["HeldUntil"] = DateTimeOffset.UtcNow.AddSeconds(-1),
            },
            TableUpdateMode.Replace,
            Ct);

    private async Task<List<TableEntity>> RowsAsync(DeliveryBatch batch)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {batch.PartitionKey} and RowKey ge {batch.FirstRowKey} and RowKey le {batch.LastRowKey}");
        var rows = new List<TableEntity>();
        await foreach (var row in DeliveryRowTables.Of(stack.Tables, batch.PartitionKey).QueryAsync<TableEntity>(filter, cancellationToken: Ct))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The configured providers, as a sender sees a provider that does not deduplicate repeated requests.</summary>
    private sealed class NotIdempotent(ISmsSender inner) : ISmsSender
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        public bool IsIdempotent => false;

        public Task<SmsBatchResult> SendAsync(SmsBatch batch, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _requests);
            return inner.SendAsync(batch, cancellationToken);
        }
    }
}

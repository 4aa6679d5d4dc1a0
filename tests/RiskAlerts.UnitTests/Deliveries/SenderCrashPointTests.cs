using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Deliveries.Email;
using RiskAlerts.Core.Deliveries.Links;
using RiskAlerts.Core.Deliveries.Receipts;
using RiskAlerts.Core.Deliveries.Send;
using RiskAlerts.Core.Deliveries.Sms;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Registrations.OptOut;
using RiskAlerts.Core.Telemetry;
using RiskAlerts.Core.Warnings;
using RiskAlerts.Core.Warnings.Exercises;

namespace RiskAlerts.UnitTests.Deliveries;

/// <summary>
/// The sender lifecycle at each point where a host can die, on a fake clock and in-memory stores:
/// a kill is a handler whose call never returns (its process is gone, nothing is released), and
/// the redelivered message is handled by a new sender once the claim's lease has run out.
/// </summary>
public sealed class SenderCrashPointTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EmailBatchKilledBetweenClaimAndSendIsSentOnceByTheSenderThatTakesItOver()
    {
        var world = new World(emailRecipients: 3);
        world.Email.HangOnNextSend();

        _ = world.EmailSender().HandleAsync(world.Batch, Ct);
        await world.Email.Hung.WaitAsync(Ct);
        Assert.True(world.Claims.IsHeld(world.Batch.MessageId), "the batch was claimed before its first send");
        Assert.Empty(world.Email.Sent);

        world.Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var outcome = await world.EmailSender().HandleAsync(world.Batch with { Verify = true }, Ct);

        Assert.Equal(BatchOutcome.Completed, outcome);
        Assert.Equal(world.Addresses.Order(StringComparer.Ordinal), world.Email.Sent.Select(e => e.ToAddress).Order(StringComparer.Ordinal));
        Assert.All(world.Deliveries.Rows, r => Assert.Equal(DeliveryStatus.Sent, r.Status));
    }

    [Fact]
    public async Task EmailKilledBetweenSendAndOutcomeWriteIsSentAgainWithTheSameMessageIdAndRecordedOnce()
    {
        var world = new World(emailRecipients: 3);
        world.Deliveries.HangOnNextUpdate();

        _ = world.EmailSender().HandleAsync(world.Batch, Ct);
        await world.Deliveries.Hung.WaitAsync(Ct);
        var firstCopies = world.Email.Sent.ToList();
        Assert.Equal(3, firstCopies.Count);
        Assert.All(world.Deliveries.Rows, r => Assert.Equal(DeliveryStatus.Planned, r.Status));

        world.Clock.Advance(Lease + TimeSpan.FromSeconds(1));
        await world.EmailSender().HandleAsync(world.Batch with { Verify = true }, Ct);

        // A duplicate rather than a miss, and one a mail store can recognise: the same delivery id.
        var resent = world.Email.Sent.Skip(firstCopies.Count).ToList();
        Assert.Equal(firstCopies.Select(e => e.DeliveryId).Order(StringComparer.Ordinal), resent.Select(e => e.DeliveryId).Order(StringComparer.Ordinal));
        Assert.All(world.Deliveries.Rows, r => Assert.Equal(DeliveryStatus.Sent, r.Status));
    }

    [Fact]
    public async Task EmailBatchOfAFastServerIsRecordedInOneWrite()
    {
        var world = new World(emailRecipients: 5);

        Assert.Equal(BatchOutcome.Completed, await world.EmailSender().HandleAsync(world.Batch, Ct));

        Assert.Equal(5, world.Email.Sent.Count);
        Assert.All(world.Deliveries.Rows, r => Assert.Equal(DeliveryStatus.Sent, r.Status));
        Assert.Equal(1, world.Deliveries.Writes);
    }

    [Fact]
    public async Task EmailsFinishedBeforeTheServerTurnedSlowAreRecordedWhenTheCheckpointIntervalPasses()
    {
        var world = new World(emailRecipients: 4);
        world.Email.HoldAfter(2);

        var handling = world.EmailSender().HandleAsync(world.Batch, Ct);
        await world.Email.Holding.WaitAsync(Ct);
        Assert.Equal(0, world.Deliveries.Writes);
        // The sender may set its timer just after the clock moved: move it again until the write comes.
        while (!world.Deliveries.FirstWrite.IsCompleted)
        {
            world.Clock.Advance(new DeliveryOptions().EmailCheckpointInterval);
            await Task.WhenAny(world.Deliveries.FirstWrite, Task.Delay(20, Ct));
        }

        // What finished is on record while the rest still waits at the server: a crash now resends two, not four.
        Assert.Equal(2, world.Deliveries.Rows.Count(r => r.Status == DeliveryStatus.Sent));
        Assert.Equal(2, world.Deliveries.Rows.Count(r => r.Status == DeliveryStatus.Planned));

        world.Email.Release();
        Assert.Equal(BatchOutcome.Completed, await handling);
        Assert.All(world.Deliveries.Rows, r => Assert.Equal(DeliveryStatus.Sent, r.Status));
        Assert.Equal(2, world.Deliveries.Writes);
    }

    [Fact]
    public async Task SmsKilledBetweenClaimAndAnswerAtAProviderThatCannotDeduplicateIsUnknownAndNeverSentAgain()
    {
        var world = new World(smsRecipients: 3, idempotentSms: false);
        await world.KillSmsSenderInFlightAndTakeOverAsync();

        Assert.Equal(1, world.Sms.Requests);
        Assert.All(world.Deliveries.Rows, r => Assert.Equal(DeliveryStatus.Unknown, r.Status));
        var check = Assert.Single(world.Publisher.Published, p => p.Batch.SettleUnknown);
        Assert.Equal(world.Clock.GetUtcNow() + World.UnknownOutcomeWindow, check.NotBefore);
    }

    [Fact]
    public async Task MessagesOfAProviderWhoseReceiptsNameNoBatchAreIndexedByTheirIdInOneWriteAndOthersAreNot()
    {
        var tencent = new World(smsRecipients: 3, receiptsCarryReference: false);
        var aliyun = new World(smsRecipients: 3);

        await tencent.SmsSender().HandleAsync(tencent.Batch, Ct);
        await aliyun.SmsSender().HandleAsync(aliyun.Batch, Ct);

        var recorded = Assert.Single(tencent.MessageIndex.Recorded);
        Assert.Equal(DeliveryKeys.ShardOf(tencent.Deliveries.Rows[0].Address), recorded.Shard);
        Assert.Equal(SmsMessageIndexKeys.SendDayOf(tencent.Clock.GetUtcNow()), recorded.Day);
        Assert.Equal(
            tencent.Deliveries.Rows.Select(r => ("w-1_00", r.RowKey)).Order(),
            recorded.Entries.Select(e => (e.PartitionKey, e.RowKey)).Order());
        Assert.Equal(["m-0", "m-1", "m-2"], recorded.Entries.Select(e => e.ProviderMessageId).Order(StringComparer.Ordinal));
        Assert.Empty(aliyun.MessageIndex.Recorded);
    }

    [Fact]
    public async Task SmsKilledBetweenSendAndOutcomeWriteIsAskedAgainWithTheSameRequestIdAtAProviderThatDeduplicates()
    {
        var world = new World(smsRecipients: 3, idempotentSms: true);
        world.Deliveries.HangOnNextUpdate();

        _ = world.SmsSender().HandleAsync(world.Batch, Ct);
        await world.Deliveries.Hung.WaitAsync(Ct);

        await world.SmsSender().HandleAsync(world.Batch with { Verify = true }, Ct);

        Assert.Equal(2, world.Sms.Requests);
        Assert.Single(world.Sms.RequestIds.Distinct(StringComparer.Ordinal));
        Assert.Equal(3, world.Sms.Delivered.Count);
        Assert.All(world.Deliveries.Rows, r => Assert.Equal(DeliveryStatus.Sent, r.Status));
    }

    [Fact]
    public async Task UnknownSmsWithoutAReceiptWithinTheWindowIsFailedAsUnknownAndALaterReceiptStillDeliversIt()
    {
        var world = new World(smsRecipients: 2, idempotentSms: false);
        await world.KillSmsSenderInFlightAndTakeOverAsync();

        world.Clock.Advance(World.UnknownOutcomeWindow);
        var check = world.Publisher.Published.Single(p => p.Batch.SettleUnknown).Batch;
        await world.SmsSender().HandleAsync(check, Ct);
        Assert.All(world.Deliveries.Rows, r => Assert.Equal(DeliveryOutcomeReasons.OutcomeUnknown, (r.Status, r.Reason)));

        var first = world.Deliveries.Rows[0];
        var applied = await world.Receipts().HandleAsync("primary", World.ReferenceOf(world.Batch), [new SmsReceipt("late-id", first.Address, true, "DELIVRD", world.Clock.GetUtcNow())], Ct);

        Assert.Equal(1, applied.Applied);
        Assert.Equal(DeliveryStatus.Delivered, world.Deliveries.Find(first.RowKey).Status);
    }

    [Fact]
    public async Task UnknownSmsIsSettledByTheProvidersSendRecordsAndWhatNeverReachedTheProviderIsSentOnceMore()
    {
        var world = new World(smsRecipients: 3, idempotentSms: false);
        await world.KillSmsSenderInFlightAndTakeOverAsync();
        var rows = world.Deliveries.Rows;

        // The records know the first number's message as delivered, the second's as waiting for its
        // report, and have none for the third: that request never reached the provider.
        world.SendRecords.SentReference = World.ReferenceOf(world.Batch);
        world.SendRecords.Answer = phone =>
            phone == rows[0].Address ? new SmsSendRecord(SmsSendRecordState.Delivered, "aliyun", null, "DELIVERED")
            : phone == rows[1].Address ? new SmsSendRecord(SmsSendRecordState.Waiting, "aliyun", null, null)
            : new SmsSendRecord(SmsSendRecordState.NotFound, "aliyun", null, null);
        world.Clock.Advance(World.UnknownOutcomeWindow);
        await world.SmsSender().HandleAsync(world.Publisher.Published.Single(p => p.Batch.SettleUnknown).Batch, Ct);

        Assert.All(world.SendRecords.Asked, a => Assert.True(a.Matched, "the request's reference is recognised as covering the row"));
        Assert.Equal(DeliveryStatus.Delivered, world.Deliveries.Find(rows[0].RowKey).Status);
        Assert.Equal(DeliveryStatus.Sent, world.Deliveries.Find(rows[1].RowKey).Status);
        Assert.Equal((DeliveryStatus.Planned, DeliveryStateMachine.NotInSendRecordsReason), (world.Deliveries.Find(rows[2].RowKey).Status, world.Deliveries.Find(rows[2].RowKey).Reason));
        var resend = Assert.Single(world.Publisher.Published, p => p.Batch.MessageId.EndsWith(":u:s", StringComparison.Ordinal)).Batch;
        Assert.Equal([rows[2].RowKey], resend.Recipients.Select(r => r.RowKey));

        await world.SmsSender().HandleAsync(resend, Ct);

        Assert.Equal(2, world.Sms.Requests);
        Assert.Equal([rows[2].Address], world.Sms.Delivered);
        Assert.Equal(DeliveryStatus.Sent, world.Deliveries.Find(rows[2].RowKey).Status);
    }

    [Fact]
    public async Task ReceiptBeforeTheOutcomeIsWrittenIsEarlyAndSettlesTheRowWhenItComesAgain()
    {
        var world = new World(smsRecipients: 1, idempotentSms: true);
        var row = world.Deliveries.Rows.Single();
        var receipt = new SmsReceipt("m-0", row.Address, true, "DELIVRD", world.Clock.GetUtcNow());

        var early = await world.Receipts().HandleAsync("primary", World.ReferenceOf(world.Batch), [receipt], Ct);
        Assert.Equal(1, early.Early);
        Assert.Equal(DeliveryStatus.Planned, world.Deliveries.Find(row.RowKey).Status);

        await world.SmsSender().HandleAsync(world.Batch, Ct);
        var again = await world.Receipts().HandleAsync("primary", World.ReferenceOf(world.Batch), [receipt with { ProviderMessageId = world.Deliveries.Find(row.RowKey).ProviderMessageId! }], Ct);

        Assert.Equal(1, again.Applied);
        Assert.Equal(DeliveryStatus.Delivered, world.Deliveries.Find(row.RowKey).Status);
    }

    /// <summary>The delivery reasons these tests read.</summary>
    private static class DeliveryOutcomeReasons
    {
        public static readonly (DeliveryStatus, string?) OutcomeUnknown = (DeliveryStatus.Failed, DeliveryStateMachine.OutcomeUnknownReason);
    }

    /// <summary>One warning, one batch of its rows, and the in-memory parts a sender works with.</summary>
    /// <summary>The opt-out ledger in memory, with the Table ledger's reading rule (the address's shard, since a time).</summary>
    private sealed class InMemoryOptOuts : IOptOutLedger
    {
        private readonly ConcurrentQueue<OptOutEntry> _entries = new();

        public Task RecordAsync(OptOutEntry entry, CancellationToken cancellationToken = default)
        {
            _entries.Enqueue(entry);
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<OptOutEntry>> FindSinceAsync(int shard, DateTimeOffset since, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<OptOutEntry>>([.. _entries.Where(e => DeliveryKeys.ShardOf(e.Address) == shard && e.At > since)]);
    }

    private sealed class World
    {
        public static readonly TimeSpan UnknownOutcomeWindow = TimeSpan.FromMinutes(30);

        private readonly Warning _warning;
        private readonly IOptions<DeliveryOptions> _options;
        private readonly RiskAlertsTelemetry _telemetry = new(new PlainMeterFactory());

        public World(int smsRecipients = 0, int emailRecipients = 0, bool idempotentSms = true, bool receiptsCarryReference = true)
        {
            var now = Clock.GetUtcNow();
            _warning = new Warning
            {
                Id = "w-1",
                Source = "analyst",
                Organisation = "test-centre",
                OrganisationName = "测试反诈中心",
                Headline = "冒充客服退款诈骗高发",
                Description = "d",
                Audience = new WarningAudience("telecom-fraud", Severity.Severe, [RegionCode.Parse("220102")], [], [], [Channel.Sms, Channel.Email]),
                Urgency = Urgency.Immediate,
                Certainty = Certainty.Observed,
                EffectiveAt = now,
                ExpiresAt = now.AddDays(1),
                Language = "zh-CN",
                Status = WarningStatus.Delivering,
                AcceptedAt = now,
                SubmittedBy = "analyst-1",
            };
            Warnings = new SingleWarningStore(_warning);
            _options = Options.Create(new DeliveryOptions { ClaimLease = Lease, UnknownOutcomeWindow = UnknownOutcomeWindow, DailySmsCapPerNumber = 0, WarningCacheDuration = TimeSpan.Zero, EmailParallelism = 1 });
            Sms = new RecordingSms(idempotentSms, receiptsCarryReference);
            MessageIndex = new RecordingMessageIndex();

            var channel = smsRecipients > 0 ? Channel.Sms : Channel.Email;
            var count = Math.Max(smsRecipients, emailRecipients);
            var rows = Enumerable.Range(0, count).Select(i => new DeliveryRecord
            {
                PartitionKey = "w-1_00",
                RowKey = $"{channel.ToWireName()}_{i:D3}",
                WarningId = _warning.Id,
                Channel = channel,
                Uscc = "91220101MA00000000",
                ContactId = "c0",
                Address = channel == Channel.Sms ? $"+86138{i:D8}" : $"contact{i}@example.cn",
                Status = DeliveryStatus.Planned,
                StatusAt = now,
            }).ToList();
            Deliveries = new InMemoryDeliveries(rows);
            Batch = new DeliveryBatch($"w-1_00:{channel.ToWireName()}:0", _warning.Id, channel, "w-1_00", 1, [.. rows.Select(r => new DeliveryBatchRecipient(r.RowKey, r.Address))]);
        }

        public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));

        public SingleWarningStore Warnings { get; }

        public InMemoryDeliveries Deliveries { get; }

        public LeaseClaims Claims { get; } = new();

        public RecordingPublisher Publisher { get; } = new();

        public RecordingSms Sms { get; }

        public RecordingMessageIndex MessageIndex { get; }

        public RecordingEmail Email { get; } = new();

        /// <summary>Nobody opts out in these scenarios.</summary>
        public InMemoryOptOuts OptOuts { get; } = new();

        /// <summary>What the provider's send records say; none kept by default.</summary>
        public ScriptedSendRecords SendRecords { get; } = new();

        public DeliveryBatch Batch { get; }

        public IReadOnlyList<string> Addresses => [.. Batch.Recipients.Select(r => r.Address)];

        public static string ReferenceOf(DeliveryBatch batch) => new ReceiptReference(batch.PartitionKey, batch.Recipients[0].RowKey, batch.Recipients[^1].RowKey).ToString();

        public SendEmailBatchHandler EmailSender() =>
            new(Cache(), Deliveries, Claims, Publisher, Email, new DeliveryLinks(Options.Create(new DeliveryLinkOptions())), OptOuts, Options.Create(new ExerciseOptions()), new FollowUpWording(Options.Create(new FollowUpWordingOptions())), _options, Clock, _telemetry, NullLogger<SendEmailBatchHandler>.Instance);

        public SendSmsBatchHandler SmsSender() =>
            new(Cache(), Deliveries, Claims, Publisher, Sms, new NoSmsCap(), OptOuts, SendRecords, MessageIndex, Options.Create(new SmsTemplateOptions { Signature = "反诈中心" }), Options.Create(new ExerciseOptions()), new FollowUpWording(Options.Create(new FollowUpWordingOptions())), _options, Clock, _telemetry, NullLogger<SendSmsBatchHandler>.Instance);

        /// <summary>The first sender dies with its request at the provider unanswered; a second takes the redelivered batch after the lease.</summary>
        public async Task KillSmsSenderInFlightAndTakeOverAsync()
        {
            Sms.HangOnNextSend();
            _ = SmsSender().HandleAsync(Batch, Ct);
            await Sms.Hung.WaitAsync(Ct);
            Clock.Advance(Lease + TimeSpan.FromSeconds(1));
            await SmsSender().HandleAsync(Batch with { Verify = true }, Ct);
        }

        // No linger: the clock is fake and the receipts are the only ones, so they are written at once.
        public RecordSmsReceiptsHandler Receipts() => new(
            new SmsReceiptCommitter(Deliveries, Clock, Options.Create(new ReceiptBatchingOptions { Linger = TimeSpan.Zero }), _telemetry, NullLogger<SmsReceiptCommitter>.Instance),
            Deliveries,
            MessageIndex,
            Clock,
            NullLogger<RecordSmsReceiptsHandler>.Instance);

        private WarningCache Cache() => new(Warnings, _options, Clock);
    }

    /// <summary>A call that never returns, as one in a killed process: signalled when reached.</summary>
    private sealed class Hang
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _armed;

        public Task Reached => _reached.Task;

        public void Arm() => Volatile.Write(ref _armed, 1);

        public async Task IfArmedAsync()
        {
            if (Interlocked.Exchange(ref _armed, 0) == 1)
            {
                _reached.TrySetResult();
                await Task.Delay(Timeout.Infinite, CancellationToken.None);
            }
        }
    }

    private sealed class InMemoryDeliveries(IEnumerable<DeliveryRecord> rows) : IDeliveryStore
    {
        private readonly ConcurrentDictionary<string, DeliveryRecord> _rows = new(rows.Select(r => KeyValuePair.Create(r.RowKey, r with { ETag = "1" })), StringComparer.Ordinal);
        private readonly Hang _hang = new();
        private readonly TaskCompletionSource _firstWrite = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _writes;

        /// <summary>Lifecycle writes (transactions) so far.</summary>
        public int Writes => Volatile.Read(ref _writes);

        /// <summary>Completes when the first lifecycle write is done.</summary>
        public Task FirstWrite => _firstWrite.Task;

        public IReadOnlyList<DeliveryRecord> Rows => [.. _rows.Values.OrderBy(r => r.RowKey, StringComparer.Ordinal)];

        public Task Hung => _hang.Reached;

        public DeliveryRecord Find(string rowKey) => _rows[rowKey];

        public void HangOnNextUpdate() => _hang.Arm();

        public Task<int> AddAsync(IReadOnlyList<DeliveryRecord> rows, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<DeliveryRecord>> ReadRangeAsync(string partitionKey, string firstRowKey, string lastRowKey, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<DeliveryRecord>>([.. Rows.Where(r => r.PartitionKey == partitionKey
                && string.CompareOrdinal(r.RowKey, firstRowKey) >= 0 && string.CompareOrdinal(r.RowKey, lastRowKey) <= 0)]);

        public async Task<IReadOnlyList<DeliveryRecord>> UpdateAsync(IReadOnlyList<DeliveryRecord> rows, CancellationToken cancellationToken = default)
        {
            await _hang.IfArmedAsync();
            var written = new List<DeliveryRecord>();
            foreach (var row in rows)
            {
                // A merge of the lifecycle columns, as the Table store does: the planner's columns stay.
                var current = _rows[row.RowKey];
                var merged = current with
                {
                    Status = row.Status,
                    StatusAt = row.StatusAt,
                    Attempts = row.Attempts,
                    Reason = string.IsNullOrEmpty(row.Reason) ? null : row.Reason,
                    Provider = row.Provider ?? current.Provider,
                    ProviderMessageId = row.ProviderMessageId ?? current.ProviderMessageId,
                    SentAt = row.SentAt ?? current.SentAt,
                    ETag = (int.Parse(current.ETag!, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
                _rows[row.RowKey] = merged;
                written.Add(merged);
            }

            Interlocked.Increment(ref _writes);
            _firstWrite.TrySetResult();
            return written;
        }

        public Task<bool> HasPendingAsync(string warningId, CancellationToken cancellationToken = default) => Task.FromResult(Rows.Any(r => DeliveryStateMachine.IsPending(r.Status)));

        public Task<IReadOnlyList<DeliveryFacts>> ReadFactsAsync(string partitionKey, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> HasAnyAsync(string warningId, IReadOnlyList<DeliveryRowAddress> rows, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<DeliveryRecord>> FindByAddressAsync(string warningId, Channel channel, string address, string? pseudonym = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task WritePseudonymsAsync(IReadOnlyList<DeliveryRecord> rows, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<DeliveryPage> ListAsync(DeliveryQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<DeliveryRecord>> FindByEnterpriseAsync(string warningId, string uscc, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task RecordUnmatchedReceiptAsync(UnmatchedReceipt receipt, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<IReadOnlyList<UnmatchedReceipt>> ListUnmatchedReceiptsAsync(DateOnly day, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    /// <summary>Claims with leases on the caller's clock, as the Table store keeps them.</summary>
    private sealed class LeaseClaims : IDeliveryBatchClaims
    {
        private readonly ConcurrentDictionary<string, (DateTimeOffset HeldUntil, bool Released)> _claims = new(StringComparer.Ordinal);

        public bool IsHeld(string messageId) => _claims.TryGetValue(messageId, out var claim) && !claim.Released;

        public Task<BatchClaim> ClaimAsync(string warningId, string messageId, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
        {
            var state = BatchClaimState.Acquired;
            if (_claims.TryGetValue(messageId, out var earlier))
            {
                if (!earlier.Released && earlier.HeldUntil > now)
                {
                    return Task.FromResult(new BatchClaim(warningId, messageId, BatchClaimState.HeldByAnother, earlier.HeldUntil, null));
                }

                state = BatchClaimState.TakenOver;
            }

            _claims[messageId] = (now + lease, false);
            return Task.FromResult(new BatchClaim(warningId, messageId, state, now + lease, "1"));
        }

        public Task ReleaseAsync(BatchClaim claim, CancellationToken cancellationToken = default)
        {
            _claims[claim.MessageId] = (claim.HeldUntil, true);
            return Task.CompletedTask;
        }
    }

    private sealed class RecordingPublisher : IDeliveryBatchPublisher
    {
        private readonly ConcurrentQueue<(DeliveryBatch Batch, DateTimeOffset? NotBefore)> _published = new();

        public IReadOnlyList<(DeliveryBatch Batch, DateTimeOffset? NotBefore)> Published => [.. _published];

        public Task PublishAsync(DeliveryBatch batch, DateTimeOffset expiresAt, DateTimeOffset? notBefore, CancellationToken cancellationToken = default)
        {
            _published.Enqueue((batch, notBefore));
            return Task.CompletedTask;
        }
    }

    /// <summary>An SMS provider that answers every number accepted; one that deduplicates answers a repeated request id from memory.</summary>
    private sealed class RecordingSms(bool idempotent, bool receiptsCarryReference = true) : ISmsSender
    {
        public bool ReceiptsCarryReference(string provider) => receiptsCarryReference;

        private readonly ConcurrentQueue<string> _requestIds = new();
        private readonly ConcurrentDictionary<string, SmsBatchResult> _answered = new(StringComparer.Ordinal);
        private readonly ConcurrentQueue<string> _delivered = new();
        private readonly Hang _hang = new();

        public bool IsIdempotent => idempotent;

        public int Requests => _requestIds.Count;

        public IReadOnlyList<string> RequestIds => [.. _requestIds];

        /// <summary>Messages that reached a phone.</summary>
        public IReadOnlyList<string> Delivered => [.. _delivered];

        public Task Hung => _hang.Reached;

        public void HangOnNextSend() => _hang.Arm();

        public async Task<SmsBatchResult> SendAsync(SmsBatch batch, CancellationToken cancellationToken = default)
        {
            _requestIds.Enqueue(batch.RequestId ?? string.Empty);
            await _hang.IfArmedAsync();
            if (idempotent && batch.RequestId is { } id && _answered.TryGetValue(id, out var earlier))
            {
                return earlier;
            }

            foreach (var recipient in batch.Recipients)
            {
                _delivered.Enqueue(recipient.PhoneE164);
            }

            var result = new SmsBatchResult([.. batch.Recipients.Select((r, i) => new SmsRecipientResult(r.RecipientId, r.PhoneE164, new SmsOutcome.Accepted($"m-{i}"), "primary"))]);
            if (batch.RequestId is { } requestId)
            {
                _answered[requestId] = result;
            }

            return result;
        }
    }

    private sealed class RecordingEmail : IEmailSender
    {
        private readonly ConcurrentQueue<EmailDelivery> _sent = new();
        private readonly Hang _hang = new();

        public IReadOnlyList<EmailDelivery> Sent => [.. _sent];

        public Task Hung => _hang.Reached;

        public void HangOnNextSend() => _hang.Arm();

        /// <summary>Sends after the first <paramref name="sends"/> wait until <see cref="Release"/>: a server that turned slow.</summary>
        public void HoldAfter(int sends) => _holdAfter = sends;

        /// <summary>Completes when a send waits for <see cref="Release"/>.</summary>
        public Task Holding => _holding.Task;

        public void Release() => _released.TrySetResult();

        private int _holdAfter = int.MaxValue;
        private int _started;
        private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<EmailSendResult> SendAsync(EmailDelivery delivery, CancellationToken cancellationToken = default)
        {
            await _hang.IfArmedAsync();
            if (Interlocked.Increment(ref _started) > _holdAfter)
            {
                _holding.TrySetResult();
                await _released.Task.WaitAsync(cancellationToken);
            }

            _sent.Enqueue(delivery);
            return new EmailSendResult.Accepted($"<{delivery.DeliveryId}@riskalerts.test>");
        }
    }

    private sealed class PlainMeterFactory : IMeterFactory
    {
        public Meter Create(MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }

    /// <summary>Send records that answer what the test says, and note what they were asked.</summary>
    private sealed class ScriptedSendRecords : ISmsSendRecords
    {
        private readonly ConcurrentQueue<(string Phone, bool Matched)> _asked = new();

        public Func<string, SmsSendRecord?> Answer { get; set; } = _ => null;

        /// <summary>The reference the sender's request carried, to check the matcher against.</summary>
        public string? SentReference { get; set; }

        public IReadOnlyList<(string Phone, bool Matched)> Asked => [.. _asked];

        public Task<SmsSendRecord?> FindAsync(string phoneE164, DateTimeOffset sentAt, Func<string, bool> sentFor, CancellationToken cancellationToken = default)
        {
            _asked.Enqueue((phoneE164, SentReference is not null && sentFor(SentReference)));
            return Task.FromResult(Answer(phoneE164));
        }
    }

    /// <summary>The message index as a list of what was recorded, one item per call.</summary>
    private sealed class RecordingMessageIndex : ISmsMessageIndex
    {
        private readonly ConcurrentQueue<(DateOnly Day, int Shard, IReadOnlyList<SmsMessageIndexEntry> Entries)> _recorded = new();

        public IReadOnlyList<(DateOnly Day, int Shard, IReadOnlyList<SmsMessageIndexEntry> Entries)> Recorded => [.. _recorded];

        public Task RecordAsync(DateOnly sendDay, int shard, IReadOnlyList<SmsMessageIndexEntry> entries, CancellationToken cancellationToken = default)
        {
            _recorded.Enqueue((sendDay, shard, entries));
            return Task.CompletedTask;
        }

        public Task<SmsMessageIndexEntry?> FindAsync(int shard, IReadOnlyList<DateOnly> sendDays, string providerMessageId, CancellationToken cancellationToken = default) =>
            Task.FromResult(_recorded.Where(r => r.Shard == shard && sendDays.Contains(r.Day)).SelectMany(r => r.Entries).FirstOrDefault(e => e.ProviderMessageId == providerMessageId));
    }

    private sealed class NoSmsCap : ISmsDailyCounter
    {
        public Task<IReadOnlySet<string>> ReserveAsync(string warningId, IReadOnlyCollection<string> phones, DateOnly day, int cap, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlySet<string>>(new HashSet<string>(StringComparer.Ordinal));
    }

    private sealed class SingleWarningStore(Warning warning) : IWarningStore
    {
        public Task<Warning?> FindAsync(string warningId, CancellationToken cancellationToken = default) => Task.FromResult<Warning?>(warningId == warning.Id ? warning : null);

        public Task InsertAsync(Warning warning, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task MarkPublishedAsync(string warningId, DateTimeOffset publishedAt, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<Warning?> UpdateAsync(string warningId, Func<Warning, Warning> change, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<WarningPage> ListAsync(WarningQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<Warning>> FindUnpublishedAsync(DateTimeOffset acceptedBefore, int limit, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}

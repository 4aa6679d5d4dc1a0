using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Deliveries.Plan;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Regions;

namespace RiskAlerts.UnitTests.Deliveries;

public sealed class DeliveryPlanTests
{
    private const string WarningId = "0193aaaa-0000-7000-8000-000000000000";
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void EveryRecipientBecomesExactlyOneRowInChunksOfOnePartitionChannelAndSendTime()
    {
        var recipients = Recipients(5_000, Channel.Sms).Concat(Recipients(1_000, Channel.Email)).ToList();

        var chunks = DeliveryPlan.Build(WarningId, recipients, Now);

        var rows = chunks.SelectMany(c => c.Rows).ToList();
        Assert.Equal(6_000, rows.Count);
        Assert.Equal(6_000, rows.Select(r => r.RowKey).Distinct().Count());
        Assert.All(chunks, c =>
        {
            Assert.InRange(c.Rows.Count, 1, 100);
            Assert.All(c.Rows, r => Assert.Equal((c.PartitionKey, c.Channel, c.DeferUntil, c.BatchName), (r.PartitionKey, r.Channel, r.DeferUntil, r.Batch)));
            Assert.Equal(c.Rows.Select(r => r.RowKey).Order(StringComparer.Ordinal), c.Rows.Select(r => r.RowKey));
        });
    }

    [Fact]
    public void ChunksFillUpToOneHundredRows()
    {
        var chunks = DeliveryPlan.Build(WarningId, Recipients(32 * 250, Channel.Sms), Now);

        // About 250 rows per partition: two full chunks and a remainder each.
        Assert.True(chunks.Count(c => c.Rows.Count == 100) >= 60, "most chunks are full transactions");
        Assert.True(chunks.Count <= 32 * 3 + 8);
    }

    [Fact]
    public void SamePlanGivesTheSameKeysAndMessageIdsOnEveryRun()
    {
        var recipients = Recipients(700, Channel.Sms).ToList();

        var first = DeliveryPlan.Build(WarningId, recipients, Now);
        var second = DeliveryPlan.Build(WarningId, Enumerable.Reverse(recipients), Now.AddMinutes(5));

        Assert.Equal(first.Select(c => (c.MessageId(WarningId), string.Join(",", c.Rows.Select(r => r.RowKey)))), second.Select(c => (c.MessageId(WarningId), string.Join(",", c.Rows.Select(r => r.RowKey)))));
        Assert.Equal(first.Count, first.Select(c => c.MessageId(WarningId)).Distinct().Count());
    }

    [Fact]
    public void DeferredRecipientsAreChunkedApartAndComeLast()
    {
        var later = Now.AddHours(5);
        var recipients = Recipients(200, Channel.Sms).Concat(Recipients(200, Channel.Sms, offset: 10_000, deferUntil: later)).ToList();

        var chunks = DeliveryPlan.Build(WarningId, recipients, Now);

        Assert.All(chunks, c => Assert.All(c.Rows, r => Assert.Equal(c.DeferUntil, r.DeferUntil)));
        var firstDeferred = chunks.ToList().FindIndex(c => c.DeferUntil is not null);
        Assert.True(firstDeferred > 0);
        Assert.All(chunks.Skip(firstDeferred), c => Assert.Equal(later, c.DeferUntil));
        Assert.Equal(200, chunks.Where(c => c.DeferUntil == later).Sum(c => c.Rows.Count));
    }

    [Fact]
    public void RecipientsOfAnEarlierVersionAreChunkedApartFromNewMatchesAndKeepTheirMarkAndMessageIdsDistinct()
    {
        var chunker = new DeliveryChunker(WarningId, Now);
        var chunks = new List<PlannedChunk>();
        foreach (var recipient in Recipients(300, Channel.Sms))
        {
            chunks.AddRange(chunker.Add(recipient, followsEarlier: true) is { } full ? [full] : []);
        }

        foreach (var recipient in Recipients(300, Channel.Sms, offset: 300))
        {
            chunks.AddRange(chunker.Add(recipient) is { } full ? [full] : []);
        }

        chunks.AddRange(chunker.Flush());

        Assert.Equal(600, chunks.Sum(c => c.Rows.Count));
        Assert.All(chunks, c => Assert.All(c.Rows, r => Assert.Equal(c.FollowsEarlier, r.FollowsEarlier)));
        Assert.Equal(300, chunks.Where(c => c.FollowsEarlier).Sum(c => c.Rows.Count));
        Assert.Equal(chunks.Count, chunks.Select(c => c.MessageId(WarningId)).Distinct().Count());
    }

    [Fact]
    public void SameContactAndChannelTwiceIsOneRow()
    {
        var one = Recipients(1, Channel.Sms).Single();

        var chunks = DeliveryPlan.Build(WarningId, [one, one], Now);

        Assert.Single(chunks.SelectMany(c => c.Rows));
    }

    [Fact]
    public void RowsStartPlannedWithTheirAddressAndCounty()
    {
        var row = DeliveryPlan.Build(WarningId, Recipients(1, Channel.Email), Now).Single().Rows.Single();

        Assert.Equal((DeliveryStatus.Planned, Now, 0, "220102"), (row.Status, row.StatusAt, row.Attempts, row.County));
        Assert.StartsWith("c0@", row.Address, StringComparison.Ordinal);
        Assert.Equal(DeliveryKeys.PartitionKey(WarningId, DeliveryKeys.ShardOf(row.Address)), row.PartitionKey);
    }

    [Fact]
    public void RetryMessageIdAddsTheAttemptToTheOriginalId()
    {
        var batch = new DeliveryBatch("w:w_01:sms:3", "w", Channel.Sms, "w_01", 1, [new DeliveryBatchRecipient("sms_a", "+8613900000000")]);

        Assert.Equal("w:w_01:sms:3:r2", batch.RetryMessageId(2));
        Assert.Equal("w:w_01:sms:3:r3", (batch with { MessageId = "w:w_01:sms:3:r2" }).RetryMessageId(3));
    }

    [Fact]
    public void WaitMessageIdKeepsTheAttemptAndCountsTheWaitsFromTheOriginalId()
    {
        var batch = new DeliveryBatch("w:w_01:sms:3:r2", "w", Channel.Sms, "w_01", 2, [new DeliveryBatchRecipient("sms_a", "+8613900000000")]);

        Assert.Equal("w:w_01:sms:3", batch.OriginalMessageId);
        Assert.Equal("w:w_01:sms:3:r2:w1", batch.WaitMessageId(1));
        Assert.Equal("w:w_01:sms:3:r3", (batch with { MessageId = "w:w_01:sms:3:r2:w1" }).RetryMessageId(3));
        Assert.Equal("w:w_01:sms:3", (batch with { MessageId = "w:w_01:sms:3" }).OriginalMessageId);
    }

    [Fact]
    public void EachRowCarriesTheEnterprisesNameAsItWasWhenPlanned()
    {
        var recipient = Recipients(1, Channel.Sms).Single() with { EnterpriseName = "长春示例科技有限公司" };

        var row = DeliveryPlan.Build(WarningId, [recipient], Now).Single().Rows.Single();

        Assert.Equal(("长春示例科技有限公司", recipient.Uscc.Value), (row.EnterpriseName, row.Uscc));
    }

    private static IEnumerable<MatchedRecipient> Recipients(int count, Channel channel, int offset = 0, DateTimeOffset? deferUntil = null) =>
        Enumerable.Range(offset, count).Select(i => new MatchedRecipient(
            UnifiedSocialCreditCode.FromFirst17($"91220102{i:D9}"),
            "c0",
            channel,
            channel == Channel.Sms ? $"+86139{i:D8}" : $"c0@e{i}.example.com",
            MatchReason.Region,
            deferUntil,
            RegionCode.Parse("220102")));
}

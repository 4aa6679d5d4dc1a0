using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Deliveries.Receipts;

namespace RiskAlerts.UnitTests.Deliveries;

public sealed class ReceiptMatchingTests
{
    private const string Partition = "20261203080000-abcdef_07";
    private static readonly DateTimeOffset At = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ReceiptsOfSeveralCallbacksSettleTheirRowsInOneMatch()
    {
        var rows = new[] { Row("a", "+8613900000001", "m1"), Row("b", "+8613900000002", "m2"), Row("c", "+8613900000003", "m3") };
        var receipts = new[] { Referenced("a", "a", "m1", "+8613900000001", true), Referenced("b", "c", "m3", "+8613900000003", false) };

        var match = ReceiptMatching.Apply(rows, receipts, At);

        Assert.Equal([ReceiptVerdict.Applied, ReceiptVerdict.Applied], match.Verdicts);
        Assert.Equal(
            [(Key("a"), DeliveryStatus.Delivered, "etag-a"), (Key("c"), DeliveryStatus.Undelivered, "etag-c")],
            match.Changed.Select(r => (r.RowKey, r.Status, r.ETag)).OrderBy(r => r.RowKey));
    }

    [Fact]
    public void AReceiptCannotSettleARowOutsideTheBatchItsCallbackNamed()
    {
        // The range read for the group spans a..c; this callback named only a..b.
        var rows = new[] { Row("a", "+8613900000001", "m1"), Row("c", "+8613900000003", "m3") };

        var match = ReceiptMatching.Apply(rows, [Referenced("a", "b", "m3", "+8613900000003", true)], At);

        Assert.Equal([ReceiptVerdict.Unmatched], match.Verdicts);
        Assert.Empty(match.Changed);
    }

    [Fact]
    public void ARepeatInTheSameGroupChangesNothingFurther()
    {
        var rows = new[] { Row("a", "+8613900000001", "m1") };
        var receipt = Referenced("a", "a", "m1", "+8613900000001", true);

        var match = ReceiptMatching.Apply(rows, [receipt, receipt], At);

        Assert.Equal([ReceiptVerdict.Applied, ReceiptVerdict.Unchanged], match.Verdicts);
        Assert.Single(match.Changed);
    }

    [Fact]
    public void AReceiptForARowWhoseSendIsNotRecordedIsEarly()
    {
        var rows = new[] { Row("a", "+8613900000001", null, DeliveryStatus.Planned) };

        var match = ReceiptMatching.Apply(rows, [Referenced("a", "a", "m1", "+8613900000001", true)], At);

        Assert.Equal([ReceiptVerdict.Early], match.Verdicts);
        Assert.Empty(match.Changed);
    }

    [Fact]
    public void ANumberReportedTwiceWithoutKnownIdsSettlesTwoRowsOfThatNumber()
    {
        var rows = new[] { Row("a", "+8613900000001", "m1"), Row("b", "+8613900000001", "m2") };
        var receipts = new[] { Referenced("a", "b", "x1", "+8613900000001", true), Referenced("a", "b", "x2", "+8613900000001", true) };

        var match = ReceiptMatching.Apply(rows, receipts, At);

        Assert.Equal([ReceiptVerdict.Applied, ReceiptVerdict.Applied], match.Verdicts);
        Assert.Equal([Key("a"), Key("b")], match.Changed.Select(r => r.RowKey).Order());
    }

    [Fact]
    public void AReceiptSettlesARowTheSenderWroteOffAndLeavesASettledOneAsItIs()
    {
        var rows = new[] { Row("a", "+8613900000001", "m1", DeliveryStatus.Failed), Row("b", "+8613900000002", "m2", DeliveryStatus.Delivered) };
        var receipts = new[] { Referenced("a", "b", "m1", "+8613900000001", true), Referenced("a", "b", "m2", "+8613900000002", false) };

        var match = ReceiptMatching.Apply(rows, receipts, At);

        Assert.Equal([ReceiptVerdict.Applied, ReceiptVerdict.Unchanged], match.Verdicts);
        Assert.Equal((Key("a"), DeliveryStatus.Delivered), match.Changed.Select(r => (r.RowKey, r.Status)).Single());
    }

    private static ReferencedSmsReceipt Referenced(string first, string last, string messageId, string phone, bool delivered) =>
        new(new ReceiptReference(Partition, Key(first), Key(last)), new SmsReceipt(messageId, phone, delivered, delivered ? "DELIVRD" : "UNDELIV", At));

    private static string Key(string suffix) => "sms_91530102MA00000000_" + suffix;

    private static DeliveryRecord Row(string suffix, string phone, string? messageId, DeliveryStatus status = DeliveryStatus.Sent) => new()
    {
        PartitionKey = Partition,
        RowKey = Key(suffix),
        WarningId = "20261203080000-abcdef",
        Channel = Channel.Sms,
        Uscc = "91530102MA00000000",
        ContactId = suffix,
        Address = phone,
        Status = status,
        StatusAt = At.AddMinutes(-1),
        Provider = messageId is null ? null : "primary",
        ProviderMessageId = messageId,
        SentAt = messageId is null ? null : At.AddMinutes(-1),
        ETag = "etag-" + suffix,
    };
}

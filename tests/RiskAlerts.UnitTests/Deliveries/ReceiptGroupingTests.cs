using RiskAlerts.Core.Deliveries.Receipts;

namespace RiskAlerts.UnitTests.Deliveries;

public sealed class ReceiptGroupingTests
{
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan MaxHold = TimeSpan.FromSeconds(1);
    private static readonly DateTimeOffset At = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ALoneReceiptWaitsOnlyForTheLinger()
    {
        var wait = ReceiptGrouping.WaitBeforeWrite(1, TimeSpan.Zero, TimeSpan.Zero, Linger, MaxHold);

        Assert.Equal(Linger, wait);
    }

    [Fact]
    public void APartialGroupIsWrittenOnceArrivalsPauseForTheLinger()
    {
        var wait = ReceiptGrouping.WaitBeforeWrite(40, Linger, TimeSpan.FromMilliseconds(300), Linger, MaxHold);

        Assert.Equal(TimeSpan.Zero, wait);
    }

    [Fact]
    public void WhileReceiptsKeepArrivingAPartialGroupWaitsForMoreButNoLongerThanTheMaxHold()
    {
        var early = ReceiptGrouping.WaitBeforeWrite(40, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(300), Linger, MaxHold);
        var late = ReceiptGrouping.WaitBeforeWrite(40, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(998), Linger, MaxHold);
        var held = ReceiptGrouping.WaitBeforeWrite(40, TimeSpan.FromMilliseconds(1), MaxHold, Linger, MaxHold);

        Assert.Equal(TimeSpan.FromMilliseconds(4), early);
        Assert.Equal(TimeSpan.FromMilliseconds(2), late);
        Assert.Equal(TimeSpan.Zero, held);
    }

    [Fact]
    public void AFullGroupIsWrittenAtOnceEvenWhileReceiptsKeepArriving()
    {
        var wait = ReceiptGrouping.WaitBeforeWrite(ReceiptGrouping.MaxGroupSize, TimeSpan.Zero, TimeSpan.Zero, Linger, MaxHold);

        Assert.Equal(TimeSpan.Zero, wait);
    }

    [Fact]
    public void WithoutALingerEveryGroupIsWrittenAtOnce()
    {
        var wait = ReceiptGrouping.WaitBeforeWrite(1, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, MaxHold);

        Assert.Equal(TimeSpan.Zero, wait);
    }

    [Fact]
    public void AGroupTakesAHundredDistinctReceiptsInQueueOrderAndLeavesTheRest()
    {
        var queued = Enumerable.Range(0, 150).Select(Receipt).ToList();

        var taken = ReceiptGrouping.Take(queued);

        Assert.Equal(Enumerable.Range(0, 100), taken);
    }

    [Fact]
    public void RepeatsOfATakenReceiptRideAlongWithoutTakingARowsPlace()
    {
        // Receipts 0..99, then a repeat of 5, then 100, then another repeat of 0.
        var queued = Enumerable.Range(0, 100).Select(Receipt).Append(Receipt(5)).Append(Receipt(100)).Append(Receipt(0)).ToList();

        var taken = ReceiptGrouping.Take(queued);

        Assert.Equal([.. Enumerable.Range(0, 101), 102], taken);
    }

    private static SmsReceipt Receipt(int i) => new($"m-{i}", $"+86139000{i:D5}", true, "DELIVRD", At);
}

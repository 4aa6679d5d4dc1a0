using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Deliveries.Summary;

namespace RiskAlerts.UnitTests.Deliveries;

public sealed class DeliveryTallyTests
{
    [Fact]
    public void StatusesFoldIntoSucceededFailedSuppressedAndPending()
    {
        var tally = DeliveryTally.Of(new Dictionary<DeliveryStatus, int>
        {
            [DeliveryStatus.Planned] = 1,
            [DeliveryStatus.Sending] = 2,
            [DeliveryStatus.Sent] = 3,
            [DeliveryStatus.Delivered] = 4,
            [DeliveryStatus.Undelivered] = 5,
            [DeliveryStatus.Failed] = 6,
            [DeliveryStatus.Suppressed] = 7,
            [DeliveryStatus.Expired] = 8,
        });

        Assert.Equal(new DeliveryTally(Succeeded: 7, Failed: 19, Suppressed: 7, Pending: 3), tally);
        Assert.Equal(36, tally.Total);
        Assert.Equal(33, tally.Settled);
        Assert.Equal(91, tally.PercentSettled);
        Assert.Equal(7.0 / 26, tally.SuccessRate);
    }

    [Fact]
    public void UnknownOutcomesAreSettledAndInNeitherSideOfTheSuccessRate()
    {
        var tally = DeliveryTally.Of(new Dictionary<DeliveryStatus, int>
        {
            [DeliveryStatus.Delivered] = 3,
            [DeliveryStatus.Failed] = 1,
            [DeliveryStatus.Unknown] = 2,
        });

        Assert.Equal((6, 2, 0, 100), (tally.Total, tally.Unknown, tally.Pending, tally.PercentSettled));
        Assert.Equal(0.75, tally.SuccessRate);
    }

    [Fact]
    public void PercentIsRoundedDownSoThatOneHundredMeansEveryRow()
    {
        var tally = new DeliveryTally(Succeeded: 999, Failed: 0, Suppressed: 0, Pending: 1);

        Assert.Equal(99, tally.PercentSettled);
        Assert.Equal(100, (tally with { Pending = 0 }).PercentSettled);
    }

    [Fact]
    public void NothingSettledHasNoSuccessRateAndNoRowsIsZeroPercent()
    {
        Assert.Null(new DeliveryTally(0, 0, 5, 3).SuccessRate);
        Assert.Equal(0, default(DeliveryTally).PercentSettled);
    }

    [Fact]
    public void TalliesAdd()
    {
        Assert.Equal(new DeliveryTally(3, 5, 7, 9), new DeliveryTally(1, 2, 3, 4) + new DeliveryTally(2, 3, 4, 5));
    }
}

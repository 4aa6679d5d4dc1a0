using RiskAlerts.Core.Acknowledgements;

namespace RiskAlerts.UnitTests.Acknowledgements;

public sealed class AcknowledgementSummaryTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void EnterprisesReachedAreSplitIntoAcknowledgedAndNotInCodeOrder()
    {
        var summary = AcknowledgementSummary.Of(
            ["C", "A", "B"],
            [new Acknowledgement("w", "B", "legal", AcknowledgementChannel.Sms, At)]);

        Assert.Equal(3, summary.Enterprises);
        Assert.Equal(["B"], summary.Acknowledged.Select(a => a.Uscc));
        Assert.Equal(["A", "C"], summary.NotAcknowledged);
    }

    [Fact]
    public void AnEnterpriseWithSeveralAcknowledgingContactsCountsOnceAndItsFirstIsTheEarliest()
    {
        var summary = AcknowledgementSummary.Of(
            ["A"],
            [
                new Acknowledgement("w", "A", "finance", AcknowledgementChannel.Email, At.AddMinutes(5)),
                new Acknowledgement("w", "A", "legal", AcknowledgementChannel.Sms, At),
            ]);

        var enterprise = Assert.Single(summary.Acknowledged);
        Assert.Equal((AcknowledgementChannel.Sms, "legal"), (enterprise.First.Channel, enterprise.First.ContactId));
        Assert.Equal(2, enterprise.Acknowledgements.Count);
        Assert.Empty(summary.NotAcknowledged);
    }

    [Fact]
    public void NothingReachedAndNothingAcknowledgedIsAnEmptySummary()
    {
        var summary = AcknowledgementSummary.Of([], []);

        Assert.Equal((0, 0, 0), (summary.Enterprises, summary.Acknowledged.Count, summary.NotAcknowledged.Count));
    }
}

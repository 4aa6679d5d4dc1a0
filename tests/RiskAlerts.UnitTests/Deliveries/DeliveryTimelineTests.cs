using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries.Summary;

namespace RiskAlerts.UnitTests.Deliveries;

public sealed class DeliveryTimelineTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NothingSentHasNoTimeline() =>
        Assert.Null(DeliveryTimeline.Of([]));

    [Fact]
    public void ShortBroadcastIsCountedPerSecondFromTheFirstAcceptancePerChannel()
    {
        var timeline = DeliveryTimeline.Of(
        [
            (Channel.Sms, Start.AddMilliseconds(300)),
            (Channel.Sms, Start.AddMilliseconds(900)),
            (Channel.Email, Start.AddSeconds(2.5)),
            (Channel.Sms, Start.AddSeconds(3.2)),
        ])!;

        Assert.Equal(Start.AddMilliseconds(300), timeline.StartAt);
        Assert.Equal(1, timeline.BucketSeconds);
        Assert.Equal([2, 0, 1], timeline.ByChannel[Channel.Sms]);
        Assert.Equal([0, 0, 1], timeline.ByChannel[Channel.Email]);
    }

    [Fact]
    public void LongBroadcastFitsInAtMostOneHundredTwentyWholeSecondBucketsAndLosesNoMessage()
    {
        // An hour and a bit: 3,700 s need buckets of 31 s to fit in 120.
        var sent = Enumerable.Range(0, 3_701).Select(s => (s % 3 == 0 ? Channel.Email : Channel.Sms, Start.AddSeconds(s))).ToList();

        var timeline = DeliveryTimeline.Of(sent)!;

        Assert.Equal(31, timeline.BucketSeconds);
        Assert.True(timeline.ByChannel[Channel.Sms].Count <= DeliveryTimeline.MaxBuckets);
        Assert.Equal(timeline.ByChannel[Channel.Sms].Count, timeline.ByChannel[Channel.Email].Count);
        Assert.Equal(sent.Count, timeline.ByChannel.Values.Sum(counts => counts.Sum()));
        Assert.Equal(31, timeline.ByChannel[Channel.Sms][0] + timeline.ByChannel[Channel.Email][0]);
    }

    [Fact]
    public void MessagesAcceptedInTheSameInstantMakeOneBucket()
    {
        var timeline = DeliveryTimeline.Of([(Channel.Sms, Start), (Channel.Sms, Start)])!;

        Assert.Equal([2], timeline.ByChannel[Channel.Sms]);
    }
}

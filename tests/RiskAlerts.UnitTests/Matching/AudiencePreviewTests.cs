using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Subscriptions;
using static RiskAlerts.UnitTests.Matching.TestSubscribers;

namespace RiskAlerts.UnitTests.Matching;

public sealed class AudiencePreviewTests
{
    [Fact]
    public void CountsByPrefectureChannelAndQuietHours()
    {
        var overnight = new QuietHours(new TimeOnly(22, 0), new TimeOnly(7, 0));
        var lateEvening = new DateTimeOffset(2025, 3, 10, 23, 0, 0, TimeSpan.FromHours(8));
        Subscriber[] subscribers =
        [
            Subscriber(1, county: "220102"),
            Subscriber(2, county: "220103", quietHours: overnight),
            Subscriber(3, county: "220202", channels: [Channel.Sms]),
            Subscriber(4, county: "110105"),
        ];
        var audience = Audience(regions: ["220000"], targets: [Uscc(4, "110105")]);

        var preview = AudiencePreview.From(audience, AudienceMatcher.Match(audience, subscribers, lateEvening), RegionCatalog.Default);

        Assert.Equal(4, preview.TotalEnterprises);
        Assert.Equal(7, preview.TotalRecipients);
        Assert.Equal(2, preview.DeferredByQuietHours);
        Assert.Equal(1, preview.ExplicitTargetEnterprises);
        Assert.Equal(4, preview.ByChannel[Channel.Sms]);
        Assert.Equal(3, preview.ByChannel[Channel.Email]);
        var changchun = Assert.Single(preview.ByPrefecture, p => p.Prefecture == RegionCode.Parse("220100"));
        Assert.Equal(("长春市", 2, 4), (changchun.Name, changchun.Enterprises, changchun.Recipients));
        Assert.Equal(1, Assert.Single(preview.ByPrefecture, p => p.Prefecture == RegionCode.Parse("220200")).Recipients);
    }

    [Fact]
    public void ShowsASmallSampleWithMaskedAddresses()
    {
        var subscribers = Enumerable.Range(1, 20).Select(n => Subscriber(n)).ToArray();
        var audience = Audience();

        var preview = AudiencePreview.From(audience, AudienceMatcher.Match(audience, subscribers, Noon));

        Assert.Equal(AudiencePreview.DefaultSampleSize, preview.Sample.Count);
        Assert.All(preview.Sample.Where(s => s.Channel == Channel.Sms), s => Assert.Equal("+86 138****5678", s.MaskedAddress));
        Assert.All(preview.Sample.Where(s => s.Channel == Channel.Email), s => Assert.Equal("z***@example.com", s.MaskedAddress));
    }

    [Fact]
    public void TheSampleNamesEachEnterpriseBesideItsCreditCode()
    {
        var audience = Audience();

        var preview = AudiencePreview.From(audience, AudienceMatcher.Match(audience, [Subscriber(7)], Noon));

        Assert.All(preview.Sample, s => Assert.Equal((Uscc(7), "企业7"), (s.Uscc, s.EnterpriseName)));
    }
}

using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Subscriptions;
using static RiskAlerts.UnitTests.Matching.TestSubscribers;

namespace RiskAlerts.UnitTests.Matching;

public sealed class AudienceMatcherTests
{
    private static readonly QuietHours Overnight = new(new TimeOnly(22, 0), new TimeOnly(7, 0));

    private static IReadOnlyList<MatchedRecipient> Match(WarningAudience audience, DateTimeOffset now, params Subscriber[] subscribers) =>
        AudienceMatcher.Match(audience, subscribers, now);

    private static IReadOnlyList<MatchedRecipient> Match(WarningAudience audience, params Subscriber[] subscribers) => Match(audience, Noon, subscribers);

    private static string[] Enterprises(IReadOnlyList<MatchedRecipient> matches) =>
        [.. matches.Select(m => m.Uscc.Value).Distinct().Order(StringComparer.Ordinal)];

    [Fact]
    public void EachRecipientCarriesItsEnterprisesNameSoItsDeliveryRowsReadWithoutALookUp()
    {
        var matches = Match(Audience(regions: ["220000"]), Subscriber(1, county: "220102"), Subscriber(2, county: "220103"));

        Assert.Equal(4, matches.Count);
        Assert.All(matches, m => Assert.Equal(m.Uscc == Uscc(1) ? "企业1" : "企业2", m.EnterpriseName));
        Assert.All(NaiveAudienceMatcher.Match(Audience(regions: ["220000"]), [Subscriber(1, county: "220102")], Noon), m => Assert.Equal("企业1", m.EnterpriseName));
    }

    [Theory]
    [InlineData("220000")]
    [InlineData("220100")]
    [InlineData("220102")]
    public void AWarningReachesACountySubscriberFromEachLevelAbove(string warningRegion)
    {
        var matches = Match(Audience(regions: [warningRegion]), Subscriber(1, county: "220102"));

        Assert.Equal(2, matches.Count);
        Assert.All(matches, m => Assert.Equal(MatchReason.Region, m.Reason));
    }

    [Theory]
    [InlineData("220200")]
    [InlineData("220103")]
    [InlineData("210000")]
    public void AWarningDoesNotReachSubscribersOutsideItsRegion(string warningRegion) =>
        Assert.Empty(Match(Audience(regions: [warningRegion]), Subscriber(1, county: "220102")));

    [Theory]
    [InlineData("220100")]
    [InlineData("220000")]
    public void ACountyWarningReachesASubscriberWhoWidenedInterestToPrefectureOrProvince(string interest)
    {
        var widened = Subscriber(1, county: "220102", regions: [interest]);
        var notWidened = Subscriber(2, county: "220103");

        var matches = Match(Audience(regions: ["220102"]), widened, notWidened);

        Assert.Equal([Uscc(1).Value], Enterprises(matches));
    }

    [Fact]
    public void APrefectureWarningDoesNotReachAWidenedSubscriberOfAnotherPrefecture()
    {
        var subscriber = Subscriber(1, county: "220202", regions: ["220200"]);

        Assert.Empty(Match(Audience(regions: ["220100"]), subscriber));
    }

    [Fact]
    public void AWarningForOneIndustryReachesOnlyEnterprisesInIt()
    {
        var manufacturer = Subscriber(1, industry: "C39");
        var bank = Subscriber(2, industry: "J66");
        var sectionOnly = Subscriber(3, industry: "C");

        Assert.Equal([Uscc(1).Value, Uscc(3).Value], Enterprises(Match(Audience(industries: ["C"]), manufacturer, bank, sectionOnly)));
        Assert.Equal([Uscc(1).Value], Enterprises(Match(Audience(industries: ["C39"]), manufacturer, bank, sectionOnly)));
    }

    [Fact]
    public void ASubscriberInterestedInOtherIndustriesDoesNotReceiveAnIndustryWarning()
    {
        var financeOnly = Subscriber(1, industry: "C39", interests: ["J"]);
        var manufacturingToo = Subscriber(2, industry: "C39", interests: ["J", "C"]);

        Assert.Equal([Uscc(2).Value], Enterprises(Match(Audience(industries: ["C39"]), financeOnly, manufacturingToo)));
        Assert.Equal(2, Enterprises(Match(Audience(industries: []), financeOnly, manufacturingToo)).Length);
    }

    [Fact]
    public void OnlySubscribersOfTheCategoryReceiveTheWarning()
    {
        var fraud = Subscriber(1, categories: ["telecom-fraud"]);
        var fundraising = Subscriber(2, categories: ["illegal-fundraising", "investment-risk"]);

        Assert.Equal([Uscc(2).Value], Enterprises(Match(Audience(category: "illegal-fundraising"), fraud, fundraising)));
        Assert.Empty(Match(Audience(category: "financing-risk"), fraud, fundraising));
    }

    [Theory]
    [InlineData(Severity.Minor, false)]
    [InlineData(Severity.Moderate, false)]
    [InlineData(Severity.Severe, true)]
    [InlineData(Severity.Extreme, true)]
    [InlineData(Severity.Unknown, false)]
    public void WarningsBelowTheSubscribersMinimumSeverityAreNotSent(Severity severity, bool expected)
    {
        var matches = Match(Audience(severity: severity), Subscriber(1, minimumSeverity: Severity.Severe));

        Assert.Equal(expected, matches.Count > 0);
    }

    [Fact]
    public void SendsOnChannelsAllowedByWarningSubscriptionAndContactAlike()
    {
        var smsOnlyContact = Contact("a", channels: [Channel.Sms]);
        var bothContact = Contact("b");
        var emailWithoutAddress = Contact("c", email: null, channels: [Channel.Sms, Channel.Email]);
        var subscriber = Subscriber(1, contacts: [smsOnlyContact, bothContact, emailWithoutAddress]);

        var all = Match(Audience(), subscriber).Select(m => $"{m.ContactId}:{m.Channel}").Order(StringComparer.Ordinal);
        var emailOnlyWarning = Match(Audience(channels: [Channel.Email]), subscriber).Select(m => $"{m.ContactId}:{m.Channel}");
        var smsOnlySubscription = Match(Audience(), Subscriber(2, channels: [Channel.Sms], contacts: [bothContact])).Select(m => m.Channel);

        Assert.Equal(["a:Sms", "b:Email", "b:Sms", "c:Sms"], all);
        Assert.Equal(["b:Email"], emailOnlyWarning);
        Assert.Equal([Channel.Sms], smsOnlySubscription);
    }

    [Fact]
    public void CarriesTheAddressForTheChannel()
    {
        var matches = Match(Audience(), Subscriber(1, contacts: [Contact("a", mobile: "+8613900001111", email: "li@example.cn")]));

        Assert.Equal("+8613900001111", matches.Single(m => m.Channel == Channel.Sms).Address);
        Assert.Equal("li@example.cn", matches.Single(m => m.Channel == Channel.Email).Address);
    }

    [Fact]
    public void UnsubscribedEnterprisesNeverMatchEvenWhenTargetedExplicitly()
    {
        var unsubscribed = Subscriber(1, unsubscribed: true);

        Assert.Empty(Match(Audience(), unsubscribed));
        Assert.Empty(Match(Audience(targets: [Uscc(1)]), unsubscribed));
    }

    [Fact]
    public void ExplicitTargetsAreReachedOutsideTheRegionCategorySeverityAndIndustry()
    {
        var elsewhere = Subscriber(1, county: "110105", categories: ["investment-risk"], minimumSeverity: Severity.Extreme, industry: "J66");
        var inRegion = Subscriber(2, county: "220102");

        var matches = Match(Audience(regions: ["220000"], industries: ["C"], targets: [Uscc(1, "110105")]), elsewhere, inRegion);

        Assert.Equal([MatchReason.ExplicitTarget], matches.Where(m => m.Uscc == Uscc(1, "110105")).Select(m => m.Reason).Distinct());
        Assert.Equal([MatchReason.Region], matches.Where(m => m.Uscc == Uscc(2)).Select(m => m.Reason).Distinct());
    }

    [Fact]
    public void ATargetInsideTheRegionIsReportedOnceAsExplicitTarget()
    {
        var matches = Match(Audience(targets: [Uscc(1), Uscc(1)]), Subscriber(1));

        Assert.Equal(2, matches.Count);
        Assert.All(matches, m => Assert.Equal(MatchReason.ExplicitTarget, m.Reason));
    }

    [Fact]
    public void YieldsOneRecipientPerContactAndChannelWhateverOverlapsCauseRepeats()
    {
        var subscriber = Subscriber(1, regions: ["220102", "220100", "220000"], contacts: [Contact("a"), Contact("a")]);

        var matches = Match(Audience(regions: ["220000", "220100", "220102"]), subscriber);

        Assert.Equal(["a:Email", "a:Sms"], matches.Select(m => $"{m.ContactId}:{m.Channel}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DefersToTheEndOfQuietHoursInsteadOfDropping()
    {
        var lateEvening = new DateTimeOffset(2025, 3, 10, 23, 30, 0, TimeSpan.FromHours(8));

        var matches = Match(Audience(), lateEvening, Subscriber(1, quietHours: Overnight));

        Assert.NotEmpty(matches);
        Assert.All(matches, m => Assert.Equal(new DateTimeOffset(2025, 3, 11, 7, 0, 0, TimeSpan.FromHours(8)), m.DeferUntil));
    }

    [Fact]
    public void DefersAfterMidnightToTheSameMorning()
    {
        // 01:00 in Shanghai is 17:00 UTC the day before: the deferral must use China time.
        var afterMidnightUtc = new DateTimeOffset(2025, 3, 10, 17, 0, 0, TimeSpan.Zero);

        var matches = Match(Audience(), afterMidnightUtc, Subscriber(1, quietHours: Overnight));

        Assert.All(matches, m => Assert.Equal(new DateTimeOffset(2025, 3, 11, 7, 0, 0, TimeSpan.FromHours(8)), m.DeferUntil));
    }

    [Theory]
    [InlineData(21, 59, false)]
    [InlineData(22, 0, true)]
    [InlineData(6, 59, true)]
    [InlineData(7, 0, false)]
    [InlineData(12, 0, false)]
    public void QuietHoursIncludeTheirStartAndExcludeTheirEnd(int hour, int minute, bool deferred)
    {
        var now = new DateTimeOffset(2025, 3, 10, hour, minute, 0, TimeSpan.FromHours(8));

        var matches = Match(Audience(), now, Subscriber(1, quietHours: Overnight));

        Assert.All(matches, m => Assert.Equal(deferred, m.DeferUntil is not null));
    }

    [Fact]
    public void DaytimeQuietHoursDeferUntilTheirEndTheSameDay()
    {
        var lunch = new QuietHours(new TimeOnly(12, 0), new TimeOnly(13, 30));
        var now = new DateTimeOffset(2025, 3, 10, 12, 15, 0, TimeSpan.FromHours(8));

        var matches = Match(Audience(), now, Subscriber(1, quietHours: lunch));

        Assert.All(matches, m => Assert.Equal(new DateTimeOffset(2025, 3, 10, 13, 30, 0, TimeSpan.FromHours(8)), m.DeferUntil));
    }

    [Fact]
    public void ExtremeWarningsBypassQuietHours()
    {
        var lateEvening = new DateTimeOffset(2025, 3, 10, 23, 30, 0, TimeSpan.FromHours(8));

        var matches = Match(Audience(severity: Severity.Extreme), lateEvening, Subscriber(1, quietHours: Overnight));

        Assert.NotEmpty(matches);
        Assert.All(matches, m => Assert.Null(m.DeferUntil));
    }

    [Fact]
    public void AReusedIndexGivesTheSameAnswerForEachWarning()
    {
        var index = SubscriberIndex.Build([Subscriber(1), Subscriber(2, county: "220203"), Subscriber(3, county: "220102", unsubscribed: true)]);

        Assert.Equal(2, index.SubscriberCount);
        Assert.Equal(4, AudienceMatcher.Match(Audience(regions: ["220000"]), index, Noon).Count);
        Assert.Equal(2, AudienceMatcher.Match(Audience(regions: ["220200"]), index, Noon).Count);
        Assert.Equal(4, AudienceMatcher.Match(Audience(regions: ["220000"]), index, Noon).Count);
    }

    [Fact]
    public void RefusesTwoSubscriptionsForOneEnterprise() =>
        Assert.Throws<ArgumentException>(() => SubscriberIndex.Build([Subscriber(1), Subscriber(1)]));

    [Fact]
    public void APrefectureActingAsItsOwnCountyIsReachedByProvinceAndItself()
    {
        var dongguan = Subscriber(1, county: "441900");

        Assert.NotEmpty(Match(Audience(regions: ["440000"]), dongguan));
        Assert.NotEmpty(Match(Audience(regions: ["441900"]), dongguan));
        Assert.Empty(Match(Audience(regions: ["442000"]), dongguan));
    }

    [Theory]
    [InlineData(CapStatus.Exercise)]
    [InlineData(CapStatus.Test)]
    public void AnExerciseOrTestReachesOnlyTheContactsWhoTakePartInExercises(CapStatus status)
    {
        var participant = Contact("drill", mobile: "+8613900002222", email: "drill@example.com", exerciseParticipant: true);
        var bystander = Contact("legal", mobile: "+8613900003333", email: "legal@example.com");
        var mixed = Subscriber(1, contacts: [bystander, participant]);
        var nobodyTakesPart = Subscriber(2, contacts: [Contact("c2")]);

        var matches = Match(Audience(capStatus: status), mixed, nobodyTakesPart);

        Assert.Equal(["drill:Sms", "drill:Email"], matches.Select(m => $"{m.ContactId}:{m.Channel}"));
        Assert.All(matches, m => Assert.Equal(Uscc(1), m.Uscc));
    }

    [Fact]
    public void AnActualWarningReachesParticipantsAndEveryoneElseAlike()
    {
        var subscriber = Subscriber(1, contacts: [Contact("legal", mobile: "+8613900003333", email: "legal@example.com"), Contact("drill", mobile: "+8613900002222", email: "drill@example.com", exerciseParticipant: true)]);

        Assert.Equal(4, Match(Audience(capStatus: CapStatus.Actual), subscriber).Count);
    }
}

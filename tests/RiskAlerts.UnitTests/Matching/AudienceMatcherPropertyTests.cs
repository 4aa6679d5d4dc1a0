using CsCheck;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Industries;
using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Subscriptions;

namespace RiskAlerts.UnitTests.Matching;

/// <summary>The indexed matcher must give exactly the naive loop's answer, whatever the input.</summary>
public sealed class AudienceMatcherPropertyTests
{
    // Small pools so that random inputs collide often: shared regions at every level,
    // overlapping industries, repeated contact ids, explicit targets that are also in region.
    private static readonly string[] RegionPool =
        ["220000", "220100", "220102", "220103", "220112", "220200", "220202", "220203", "210000", "210102", "440000", "441900"];

    private static readonly string[] IndustryPool = ["C", "C39", "C38", "J", "J66", "A01", "K70"];

    private static readonly string[] CategoryPool = ["telecom-fraud", "illegal-fundraising", "investment-risk", "financing-risk"];

    private static readonly QuietHours?[] QuietPool =
        [null, new(new TimeOnly(22, 0), new TimeOnly(7, 0)), new(new TimeOnly(12, 0), new TimeOnly(13, 30)), new(new TimeOnly(0, 0), new TimeOnly(23, 59))];

    private static readonly Gen<Channel[]> Channels = Gen.OneOf<Channel[]>([], [Channel.Sms], [Channel.Email], [Channel.Sms, Channel.Email], [Channel.Email, Channel.Sms]);

    private static readonly Gen<Contact> Contacts = Gen.Select(
        Gen.OneOf("a", "b", "c"),
        Gen.OneOf<string?>(null, "+8613812345678", "+8613900001111"),
        Gen.OneOf<string?>(null, "zhang@example.com"),
        Channels,
        Gen.Bool,
        Gen.Int[0, 3],
        (id, mobile, email, channels, participant, verified) =>
            new Contact(id, "联系人", null, mobile, email, channels, 0, participant, MobileVerified: (verified & 1) == 0, EmailVerified: (verified & 2) == 0));

    private static readonly Gen<Func<int, Subscriber>> Subscribers = Gen.Select(
        Gen.Select(Gen.OneOf(RegionPool).Array[1, 3], Gen.OneOf(CategoryPool).Array[0, 3], Gen.Enum<Severity>(), Gen.OneOf(IndustryPool)),
        Gen.Select(Gen.OneOf(IndustryPool).Array[0, 2], Channels, Gen.OneOf(QuietPool), Gen.Int[0, 9].Select(i => i == 0)),
        Contacts.Array[0, 3],
        (a, b, contacts) => (Func<int, Subscriber>)(n =>
        {
            var (regions, categories, minimum, industry) = a;
            var (interests, channels, quiet, unsubscribed) = b;
            var county = RegionCode.Parse(regions[0]);
            return new Subscriber(
                new Enterprise(TestSubscribers.Uscc(n), $"企业{n}", county, IndustryCode.Parse(industry)),
                new SubscriptionPreferences(categories, minimum, [.. regions.Select(RegionCode.Parse)], [.. interests.Select(IndustryCode.Parse)], channels, quiet, unsubscribed),
                contacts);
        }));

    private static readonly Gen<Func<int, WarningAudience>> Audiences = Gen.Select(
        Gen.OneOf(RegionPool).Array[0, 3],
        Gen.OneOf([.. CategoryPool, "unknown-category"]),
        Gen.Enum<Severity>(),
        Gen.OneOf(IndustryPool).Array[0, 2],
        Gen.Int[0, 60].Array[0, 3],
        Channels,
        Gen.OneOf(CapStatus.Actual, CapStatus.Exercise, CapStatus.Test),
        (regions, category, severity, industries, targets, channels, capStatus) => (Func<int, WarningAudience>)(count => new WarningAudience(
            category,
            severity,
            [.. regions.Select(RegionCode.Parse)],
            [.. industries.Select(IndustryCode.Parse)],
            [.. targets.Where(t => t < count + 5).Select(t => TestSubscribers.Uscc(t))],
            channels,
            capStatus)));

    private static readonly Gen<DateTimeOffset> Moments =
        Gen.Int[0, 24 * 60 - 1].Select(minute => TestSubscribers.Noon.Date.AddMinutes(minute)).Select(local => new DateTimeOffset(local, TimeSpan.FromHours(8)));

    private static IEnumerable<MatchedRecipient> Canonical(IEnumerable<MatchedRecipient> recipients) =>
        recipients.OrderBy(r => r.Uscc.Value, StringComparer.Ordinal).ThenBy(r => r.ContactId, StringComparer.Ordinal).ThenBy(r => r.Channel);

    [Fact]
    public void IndexedMatcherReturnsExactlyTheNaiveResult()
    {
        Gen.Select(Subscribers.Array[0, 40], Audiences, Moments, Gen.Bool).Sample((makeSubscribers, makeAudience, now, reachUnverified) =>
        {
            var subscribers = makeSubscribers.Select((make, n) => make(n)).ToArray();
            var audience = makeAudience(subscribers.Length);

            var naive = NaiveAudienceMatcher.Match(audience, subscribers, now, reachUnverified);
            var indexed = AudienceMatcher.Match(audience, subscribers, now, reachUnverified);

            Assert.Equal(Canonical(naive), Canonical(indexed));
        }, iter: 3000);
    }

    [Fact]
    public void NeverReturnsTwoRecipientsForOneContactAndChannel()
    {
        Gen.Select(Subscribers.Array[0, 40], Audiences, Moments).Sample((makeSubscribers, makeAudience, now) =>
        {
            var subscribers = makeSubscribers.Select((make, n) => make(n)).ToArray();

            var matches = AudienceMatcher.Match(makeAudience(subscribers.Length), subscribers, now);

            Assert.Equal(matches.Count, matches.Select(m => (m.Uscc, m.ContactId, m.Channel)).Distinct().Count());
        }, iter: 1000);
    }
}

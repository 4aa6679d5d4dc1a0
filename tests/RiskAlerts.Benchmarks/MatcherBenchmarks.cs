using BenchmarkDotNet.Attributes;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Industries;
using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Subscriptions;

namespace RiskAlerts.Benchmarks;

/// <summary>
/// The audience matcher over one million subscribers spread over Jilin's 69 counties:
/// a province broadcast, a prefecture broadcast and a warning naming ten enterprises.
/// </summary>
[MemoryDiagnoser]
public class MatcherBenchmarks
{
    private const int SubscriberCount = 1_000_000;

    private static readonly string[] Categories = ["telecom-fraud", "illegal-fundraising", "investment-risk", "financing-risk"];
    private static readonly string[] Industries = ["C39", "C13", "F51", "J66", "I65", "E47", "K70", "A01"];

    private readonly DateTimeOffset _now = new(2025, 3, 10, 10, 0, 0, TimeSpan.FromHours(8));
    private SubscriberIndex _index = null!;
    private WarningAudience _province = null!;
    private WarningAudience _prefecture = null!;
    private WarningAudience _targeted = null!;

    [GlobalSetup]
    public void Setup()
    {
        var counties = RegionCatalog.Default.CountiesUnder(RegionCode.Parse("220000"));
        var random = new Random(20250310);
        var targets = new List<UnifiedSocialCreditCode>();
        var subscribers = new Subscriber[SubscriberCount];
        var overnight = new QuietHours(new TimeOnly(22, 0), new TimeOnly(7, 0));
        for (var n = 0; n < SubscriberCount; n++)
        {
            var county = counties[n % counties.Count];
            var uscc = UnifiedSocialCreditCode.FromFirst17($"91{county}{n:D9}");
            if (n % 100_000 == 7)
            {
                targets.Add(uscc);
            }

            // Most subscribe to their county; some widen to prefecture or province.
            var widen = random.Next(10);
            RegionCode interest = widen switch
            {
                0 => county.ProvinceCode,
                1 or 2 => county.PrefectureCode!.Value,
                _ => county,
            };

            var contacts = new List<Contact>
            {
                new("c1", "法定代表人", "法定代表人", $"+86138{n % 100_000_000:D8}", $"legal{n}@example.com", [Channel.Sms, Channel.Email], 0),
            };
            if (random.Next(3) == 0)
            {
                contacts.Add(new Contact("c2", "财务负责人", "财务负责人", $"+86139{n % 100_000_000:D8}", null, [Channel.Sms], 1));
            }

            subscribers[n] = new Subscriber(
                new Enterprise(uscc, $"企业{n}", county, IndustryCode.Parse(Industries[random.Next(Industries.Length)])),
                new SubscriptionPreferences(
                    [.. Categories.Where(_ => random.Next(2) == 0).DefaultIfEmpty(Categories[0])],
                    (Severity)random.Next(1, 4),
                    [interest],
                    [],
                    random.Next(4) == 0 ? [Channel.Sms] : [Channel.Sms, Channel.Email],
                    random.Next(2) == 0 ? overnight : null,
                    Unsubscribed: random.Next(50) == 0),
                contacts);
        }

        _index = SubscriberIndex.Build(subscribers);
        Channel[] channels = [Channel.Sms, Channel.Email];
        _province = new WarningAudience("telecom-fraud", Severity.Severe, [RegionCode.Parse("220000")], [], [], channels);
        _prefecture = new WarningAudience("telecom-fraud", Severity.Severe, [RegionCode.Parse("220100")], [], [], channels);
        _targeted = new WarningAudience("illegal-fundraising", Severity.Moderate, [], [], [.. targets.Take(10)], channels);
    }

    [Benchmark]
    public int ProvinceBroadcast() => AudienceMatcher.Match(_province, _index, _now).Count;

    [Benchmark]
    public int PrefectureBroadcast() => AudienceMatcher.Match(_prefecture, _index, _now).Count;

    [Benchmark]
    public int TenExplicitTargets() => AudienceMatcher.Match(_targeted, _index, _now).Count;
}

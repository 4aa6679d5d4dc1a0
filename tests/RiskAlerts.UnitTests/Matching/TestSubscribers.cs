using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Industries;
using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Subscriptions;

namespace RiskAlerts.UnitTests.Matching;

/// <summary>Builders for subscribers and audiences with sensible defaults that each test overrides.</summary>
internal static class TestSubscribers
{
    public static readonly DateTimeOffset Noon = new(2025, 3, 10, 12, 0, 0, TimeSpan.FromHours(8));

    public static UnifiedSocialCreditCode Uscc(int n, string county = "220102") =>
        UnifiedSocialCreditCode.FromFirst17($"91{county}{n:D9}");

    public static RegionCode Region(string code) => RegionCode.Parse(code);

    public static Contact Contact(string id, string? mobile = "+8613812345678", string? email = "zhang@example.com", bool exerciseParticipant = false, params Channel[] channels) =>
        new(id, "张三", "财务负责人", mobile, email, channels.Length == 0 ? [Channel.Sms, Channel.Email] : channels, 0, exerciseParticipant);

    public static Subscriber Subscriber(
        int n,
        string county = "220102",
        string[]? regions = null,
        string[]? categories = null,
        Severity minimumSeverity = Severity.Minor,
        string industry = "C39",
        string[]? interests = null,
        Channel[]? channels = null,
        QuietHours? quietHours = null,
        bool unsubscribed = false,
        Contact[]? contacts = null) =>
        new(
            new Enterprise(Uscc(n, county), $"企业{n}", Region(county), IndustryCode.Parse(industry)),
            new SubscriptionPreferences(
                categories ?? ["telecom-fraud"],
                minimumSeverity,
                [.. (regions ?? [county]).Select(Region)],
                [.. (interests ?? []).Select(IndustryCode.Parse)],
                channels ?? [Channel.Sms, Channel.Email],
                quietHours,
                unsubscribed),
            contacts ?? [Contact($"c{n}")]);

    public static WarningAudience Audience(
        string[]? regions = null,
        string category = "telecom-fraud",
        Severity severity = Severity.Severe,
        string[]? industries = null,
        UnifiedSocialCreditCode[]? targets = null,
        Channel[]? channels = null,
        CapStatus capStatus = CapStatus.Actual) =>
        new(
            category,
            severity,
            [.. (regions ?? ["220000"]).Select(Region)],
            [.. (industries ?? []).Select(IndustryCode.Parse)],
            targets ?? [],
            channels ?? [Channel.Sms, Channel.Email],
            capStatus);
}

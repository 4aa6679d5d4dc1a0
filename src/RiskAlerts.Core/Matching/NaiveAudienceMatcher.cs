using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Industries;

namespace RiskAlerts.Core.Matching;

/// <summary>
/// The matching rules written as a plain loop over every subscriber. It is the reference the
/// indexed <see cref="AudienceMatcher"/> is tested against, and is fine for small lists
/// (a handful of explicit targets, previews in tests); it is linear in the number of subscribers.
/// </summary>
public static class NaiveAudienceMatcher
{
    /// <summary>Recipients of a warning at <paramref name="now"/>: subscriber order, then contact order, then SMS before email.</summary>
    public static IReadOnlyList<MatchedRecipient> Match(WarningAudience audience, IEnumerable<Subscriber> subscribers, DateTimeOffset now, bool reachUnverified = false)
    {
        ArgumentNullException.ThrowIfNull(audience);
        ArgumentNullException.ThrowIfNull(subscribers);
        var explicitTargets = audience.ExplicitTargets.ToHashSet();
        var results = new List<MatchedRecipient>();
        foreach (var subscriber in subscribers)
        {
            var preferences = subscriber.Preferences;
            if (preferences.Unsubscribed)
            {
                continue;
            }

            var isExplicit = explicitTargets.Contains(subscriber.Uscc);
            if (!isExplicit && !MatchesByRegion(audience, subscriber))
            {
                continue;
            }

            var deferUntil = audience.Severity.BypassesQuietHours() ? null : preferences.QuietHours?.DeferUntil(now);
            var taken = new HashSet<(string, Channel)>();
            foreach (var contact in subscriber.Contacts)
            {
                foreach (var channel in ChannelExtensions.All)
                {
                    if (audience.Channels.Contains(channel)
                        && preferences.Channels.Contains(channel)
                        && contact.Channels.Contains(channel)
                        && contact.AddressFor(channel) is { } address
                        && taken.Add((contact.Id, channel))
                        && (reachUnverified || contact.IsVerified(channel))
                        && (!audience.CapStatus.IsRehearsal() || contact.ExerciseParticipant))
                    {
                        results.Add(new MatchedRecipient(
                            subscriber.Uscc,
                            contact.Id,
                            channel,
                            address,
                            isExplicit ? MatchReason.ExplicitTarget : MatchReason.Region,
                            deferUntil,
                            subscriber.Enterprise.RegisteredCounty,
                            contact.Precedence,
                            subscriber.Enterprise.Name));
                    }
                }
            }
        }

        return results;
    }

    private static bool MatchesByRegion(WarningAudience audience, Subscriber subscriber)
    {
        var preferences = subscriber.Preferences;
        return audience.Regions.Any(w => preferences.Regions.Any(w.Overlaps))
            && preferences.Categories.Contains(audience.Category)
            && audience.Severity.IsAtLeast(preferences.MinimumSeverity)
            && IndustryAccepts(audience.Industries, subscriber.Enterprise.Industry, preferences.Industries);
    }

    /// <summary>
    /// The warning's industries (empty = all) must include the enterprise's industry, and when
    /// both the warning and the subscriber name industries, they must share one.
    /// </summary>
    private static bool IndustryAccepts(IReadOnlyList<IndustryCode> warningIndustries, IndustryCode enterpriseIndustry, IReadOnlyList<IndustryCode> interests) =>
        warningIndustries.Count == 0
        || (warningIndustries.Any(w => w.Matches(enterpriseIndustry))
            && (interests.Count == 0 || warningIndustries.Any(w => interests.Any(w.Overlaps))));
}

using System.Collections.Frozen;
using System.Numerics;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Industries;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Subscriptions;

namespace RiskAlerts.Core.Matching;

/// <summary>
/// Subscribers arranged for matching, built once (per planner run or per loaded partition
/// range) and then queried for many warnings: entries sorted by region of interest, so that
/// a province or prefecture warning is one range of the sorted codes plus exact lookups of
/// its few ancestor codes, and a credit-code lookup for explicit targets. Each subscriber's
/// categories, channels and industry interests are precomputed as bit masks, so a broadcast
/// over a million subscribers is a scan of flat arrays that allocates only for what matches.
/// </summary>
/// <remarks>Immutable and safe to share between threads. Unsubscribed enterprises are left out at build time.</remarks>
public sealed class SubscriberIndex
{
    private readonly int[] _entryRegions;
    private readonly int[] _entryProfiles;
    private readonly SubscriberProfile[] _profiles;
    private readonly ContactSlot[] _contacts;
    private readonly IndustryInterest[] _interests;
    private readonly FrozenDictionary<string, int> _categoryBits;
    private readonly FrozenDictionary<UnifiedSocialCreditCode, int> _profileByUscc;

    private SubscriberIndex(
        int[] entryRegions,
        int[] entryProfiles,
        SubscriberProfile[] profiles,
        ContactSlot[] contacts,
        IndustryInterest[] interests,
        FrozenDictionary<string, int> categoryBits,
        FrozenDictionary<UnifiedSocialCreditCode, int> profileByUscc)
    {
        _entryRegions = entryRegions;
        _entryProfiles = entryProfiles;
        _profiles = profiles;
        _contacts = contacts;
        _interests = interests;
        _categoryBits = categoryBits;
        _profileByUscc = profileByUscc;
    }

    /// <summary>Number of subscribed (not unsubscribed) enterprises in the index.</summary>
    public int SubscriberCount => _profiles.Length;

    /// <summary>Number of (region of interest, subscriber) entries.</summary>
    public int EntryCount => _entryRegions.Length;

    /// <summary>Builds the index.</summary>
    /// <exception cref="ArgumentException">Two subscribers share a credit code, or more than 64 distinct categories are used.</exception>
    public static SubscriberIndex Build(IEnumerable<Subscriber> subscribers)
    {
        ArgumentNullException.ThrowIfNull(subscribers);

        // Lay subscribers out in order of their lowest region so that a range scan walks the
        // profile array almost sequentially.
        var active = subscribers
            .Where(s => !s.Preferences.Unsubscribed && s.Preferences.Regions.Count > 0)
            .OrderBy(s => s.Preferences.Regions.Min(r => r.Value))
            .ToList();

        var categoryBits = new Dictionary<string, int>(StringComparer.Ordinal);
        var profileByUscc = new Dictionary<UnifiedSocialCreditCode, int>(active.Count);
        var profiles = new SubscriberProfile[active.Count];
        var contacts = new List<ContactSlot>(active.Count * 2);
        var interests = new List<IndustryInterest>();
        var entries = new List<(int Region, int Profile)>(active.Count);

        for (var k = 0; k < active.Count; k++)
        {
            var subscriber = active[k];
            if (!profileByUscc.TryAdd(subscriber.Uscc, k))
            {
                throw new ArgumentException($"Enterprise {subscriber.Uscc} appears twice; the index holds one subscription per enterprise.", nameof(subscribers));
            }

            var regions = subscriber.Preferences.Regions.Distinct().ToList();
            foreach (var region in regions)
            {
                entries.Add((region.Value, k));
            }

            var contactStart = contacts.Count;
            AddContacts(subscriber.Contacts, contacts);
            profiles[k] = CreateProfile(subscriber, categoryBits, interests, contactStart, contacts.Count - contactStart, regions.Count > 1);
        }

        entries.Sort();
        return new SubscriberIndex(
            [.. entries.Select(e => e.Region)],
            [.. entries.Select(e => e.Profile)],
            profiles,
            [.. contacts],
            [.. interests],
            categoryBits.ToFrozenDictionary(StringComparer.Ordinal),
            profileByUscc.ToFrozenDictionary());
    }

    /// <summary>Finds the recipients of a warning; see <see cref="AudienceMatcher"/> for the rules.</summary>
    internal MatchedRecipient[] Match(WarningAudience audience, DateTimeOffset now, bool reachUnverified)
    {
        var query = new Query(this, audience, now, reachUnverified);

        // Explicit targets first: they win the reason and are then skipped by the region scan.
        foreach (var uscc in audience.ExplicitTargets)
        {
            if (_profileByUscc.TryGetValue(uscc, out var profile) && query.MarkSeen(profile))
            {
                query.Accept(profile, MatchReason.ExplicitTarget);
            }
        }

        // Subscribers whose interest lies inside the warning's region, and those whose interest was widened to a region containing it.
        foreach (var (first, last) in audience.Regions.SelectMany(region => region.ReachedCodeRanges()))
        {
            ScanRange(ref query, first, last);
        }

        return query.ToRecipients();
    }

    private void ScanRange(ref Query query, int first, int last)
    {
        var regions = _entryRegions;
        for (var i = LowerBound(regions, first); i < regions.Length && regions[i] <= last; i++)
        {
            var profile = _entryProfiles[i];
            if (query.PassesFilters(in _profiles[profile]) && query.MarkSeen(profile))
            {
                query.Accept(profile, MatchReason.Region);
            }
        }
    }

    private static int LowerBound(int[] sorted, int value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (sorted[mid] < value)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private static void AddContacts(IReadOnlyList<Contact> contacts, List<ContactSlot> slots)
    {
        var start = slots.Count;
        foreach (var contact in contacts)
        {
            var mask = 0;
            var verified = 0;
            foreach (var channel in contact.Channels)
            {
                if (channel.IsDefined() && contact.AddressFor(channel) is not null)
                {
                    mask |= channel.ToBit();
                    verified |= contact.IsVerified(channel) ? channel.ToBit() : 0;
                }
            }

            // A contact id listed twice keeps the channels of its first listing, as the naive rules do.
            for (var j = start; j < slots.Count && mask != 0; j++)
            {
                if (slots[j].ContactId == contact.Id)
                {
                    mask &= ~slots[j].ChannelMask;
                }
            }

            slots.Add(new ContactSlot(contact.Id, mask, mask & verified, contact.Mobile, contact.Email, contact.ExerciseParticipant, contact.Precedence));
        }
    }

    private static SubscriberProfile CreateProfile(
        Subscriber subscriber,
        Dictionary<string, int> categoryBits,
        List<IndustryInterest> interests,
        int contactStart,
        int contactCount,
        bool hasMultipleEntries)
    {
        var preferences = subscriber.Preferences;
        ulong categoryMask = 0;
        foreach (var category in preferences.Categories)
        {
            if (!categoryBits.TryGetValue(category, out var bit))
            {
                if (categoryBits.Count == 64)
                {
                    throw new ArgumentException("More than 64 distinct warning categories are subscribed to; the index keeps categories in a 64-bit mask.", nameof(subscriber));
                }

                bit = categoryBits.Count;
                categoryBits.Add(category, bit);
            }

            categoryMask |= 1UL << bit;
        }

        var interestIndex = -1;
        if (preferences.Industries.Count > 0)
        {
            interestIndex = interests.Count;
            interests.Add(IndustryInterest.From(preferences.Industries));
        }

        var industry = subscriber.Enterprise.Industry;
        return new SubscriberProfile(
            subscriber.Uscc,
            subscriber.Enterprise.RegisteredCounty,
            subscriber.Enterprise.Name,
            categoryMask,
            (int)preferences.MinimumSeverity,
            ChannelExtensions.ToMask(preferences.Channels.Where(c => c.IsDefined())),
            industry.Section == '\0' ? -1 : industry.SectionIndex,
            industry.Division ?? 0,
            interestIndex,
            preferences.QuietHours is { } quiet && quiet.Start != quiet.End,
            preferences.QuietHours?.Start ?? default,
            preferences.QuietHours?.End ?? default,
            contactStart,
            contactCount,
            hasMultipleEntries);
    }

    private readonly record struct ContactSlot(string ContactId, int ChannelMask, int VerifiedMask, string? Mobile, string? Email, bool ExerciseParticipant, int Precedence);

    private readonly record struct SubscriberProfile(
        UnifiedSocialCreditCode Uscc,
        RegionCode County,
        string Name,
        ulong CategoryMask,
        int MinimumSeverity,
        int ChannelMask,
        int IndustrySection,
        int IndustryDivision,
        int InterestIndex,
        bool HasQuietHours,
        TimeOnly QuietStart,
        TimeOnly QuietEnd,
        int ContactStart,
        int ContactCount,
        bool HasMultipleEntries);

    /// <summary>A set of industry codes as masks: sections named whole, sections touched at all, and divisions.</summary>
    private readonly record struct IndustryInterest(uint WholeSections, uint TouchedSections, UInt128 Divisions)
    {
        public static IndustryInterest From(IEnumerable<IndustryCode> codes)
        {
            uint whole = 0, touched = 0;
            UInt128 divisions = 0;
            foreach (var code in codes)
            {
                if (code.Section == '\0')
                {
                    continue;
                }

                touched |= 1u << code.SectionIndex;
                if (code.Division is { } division)
                {
                    divisions |= UInt128.One << division;
                }
                else
                {
                    whole |= 1u << code.SectionIndex;
                }
            }

            return new IndustryInterest(whole, touched, divisions);
        }

        /// <summary>Whether an enterprise in this section/division falls under these codes used as a filter.</summary>
        public bool Matches(int section, int division) =>
            section >= 0 && (((WholeSections >> section) & 1) != 0 || (division != 0 && ((Divisions >> division) & UInt128.One) != UInt128.Zero));

        /// <summary>Whether some code here and some code there share a section, with equal divisions where both name one.</summary>
        public bool Overlaps(in IndustryInterest other) =>
            (WholeSections & other.TouchedSections) != 0 || (other.WholeSections & TouchedSections) != 0 || (Divisions & other.Divisions) != UInt128.Zero;
    }

    /// <summary>The state of one warning's match: the warning's filters as masks, the matches so far and the dedupe set.</summary>
    private struct Query
    {
        private readonly SubscriberIndex _index;
        private readonly ulong _categoryBit;
        private readonly int _severity;
        private readonly int _channelMask;
        private readonly bool _anyIndustry;
        private readonly IndustryInterest _industries;
        private readonly bool _quietHoursApply;
        private readonly bool _participantsOnly;
        private readonly bool _reachUnverified;
        private readonly DateTimeOffset _localNow;
        private readonly TimeOnly _localTime;

        // Duplicates arise only when the warning has several regions, names explicit targets, or
        // a subscriber has several regions of interest; otherwise no set is allocated.
        private readonly bool _alwaysDeduplicate;
        private HashSet<int>? _seen;
        private List<(int Profile, MatchReason Reason)>? _matches;
        private int _recipientCount;

        public Query(SubscriberIndex index, WarningAudience audience, DateTimeOffset now, bool reachUnverified)
        {
            _reachUnverified = reachUnverified;
            _index = index;
            _categoryBit = index._categoryBits.TryGetValue(audience.Category, out var bit) ? 1UL << bit : 0;
            _severity = (int)audience.Severity;
            _channelMask = ChannelExtensions.ToMask(audience.Channels.Where(c => c.IsDefined()));
            _anyIndustry = audience.Industries.Count == 0;
            _industries = IndustryInterest.From(audience.Industries);
            _quietHoursApply = !audience.Severity.BypassesQuietHours();
            _participantsOnly = audience.CapStatus.IsRehearsal();
            _localNow = now.ToChinaTime();
            _localTime = TimeOnly.FromDateTime(_localNow.DateTime);
            _alwaysDeduplicate = audience.Regions.Count > 1 || audience.ExplicitTargets.Count > 0;
        }

        public readonly bool PassesFilters(in SubscriberProfile profile) =>
            (profile.CategoryMask & _categoryBit) != 0
            && _severity >= profile.MinimumSeverity
            && (_anyIndustry
                || (_industries.Matches(profile.IndustrySection, profile.IndustryDivision)
                    && (profile.InterestIndex < 0 || _industries.Overlaps(in _index._interests[profile.InterestIndex]))));

        /// <summary>
        /// The channels a contact may be reached on by this warning: those with a verified address
        /// (any address when the warning reaches unverified ones), none for a non-participant of an exercise or test.
        /// </summary>
        private readonly int ChannelsOf(in ContactSlot slot) =>
            _participantsOnly && !slot.ExerciseParticipant ? 0 : _reachUnverified ? slot.ChannelMask : slot.VerifiedMask;

        public bool MarkSeen(int profile)
        {
            if (!_alwaysDeduplicate && !_index._profiles[profile].HasMultipleEntries)
            {
                return true;
            }

            _seen ??= [];
            return _seen.Add(profile);
        }

        public void Accept(int profile, MatchReason reason)
        {
            ref readonly var p = ref _index._profiles[profile];
            var channels = p.ChannelMask & _channelMask;
            if (channels == 0)
            {
                return;
            }

            var recipients = 0;
            var contacts = _index._contacts;
            for (var c = p.ContactStart; c < p.ContactStart + p.ContactCount; c++)
            {
                recipients += BitOperations.PopCount((uint)(ChannelsOf(in contacts[c]) & channels));
            }

            if (recipients > 0)
            {
                (_matches ??= []).Add((profile, reason));
                _recipientCount += recipients;
            }
        }

        public readonly MatchedRecipient[] ToRecipients()
        {
            if (_matches is null)
            {
                return [];
            }

            // Counted while matching, so the result is allocated once at its exact size.
            var results = new MatchedRecipient[_recipientCount];
            var n = 0;
            var contacts = _index._contacts;
            var smsBit = Channel.Sms.ToBit();
            var emailBit = Channel.Email.ToBit();
            foreach (var (profile, reason) in _matches)
            {
                ref readonly var p = ref _index._profiles[profile];
                var channels = p.ChannelMask & _channelMask;
                DateTimeOffset? deferUntil = _quietHoursApply && p.HasQuietHours && QuietHours.Contains(p.QuietStart, p.QuietEnd, _localTime)
                    ? QuietHours.NextEnd(_localNow, p.QuietEnd)
                    : null;
                for (var c = p.ContactStart; c < p.ContactStart + p.ContactCount; c++)
                {
                    ref readonly var slot = ref contacts[c];
                    var mask = ChannelsOf(in slot) & channels;
                    if ((mask & smsBit) != 0)
                    {
                        results[n++] = new MatchedRecipient(p.Uscc, slot.ContactId, Channel.Sms, slot.Mobile!, reason, deferUntil, p.County, slot.Precedence, p.Name);
                    }

                    if ((mask & emailBit) != 0)
                    {
                        results[n++] = new MatchedRecipient(p.Uscc, slot.ContactId, Channel.Email, slot.Email!, reason, deferUntil, p.County, slot.Precedence, p.Name);
                    }
                }
            }

            return results;
        }
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Industries;
using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Subscriptions;

namespace RiskAlerts.Infrastructure.Storage.Enterprises;

/// <summary>
/// The columns that carry a <see cref="Subscriber"/>, shared by the <c>Enterprises</c> row (the
/// source of truth) and its denormalised copies in <c>Subscriptions</c>. Contacts and
/// preferences are JSON in string properties: validation bounds them (20 contacts, 10 regions,
/// short fields) to a few KiB, far below the 64 KiB property limit.
/// </summary>
internal static class SubscriberColumns
{
    public const string Name = "Name";
    public const string RegisteredCounty = "RegisteredCounty";
    public const string Industry = "Industry";
    public const string Contacts = "Contacts";
    public const string Preferences = "Preferences";
    public const string Version = "Version";

    /// <summary>What a reader of subscribers selects (the subscriber and its version, nothing else).</summary>
    public static readonly string[] Selected = ["PartitionKey", "RowKey", Name, RegisteredCounty, Industry, Contacts, Preferences, Version];

    public static void Write(TableEntity entity, Subscriber subscriber, long version)
    {
        var enterprise = subscriber.Enterprise;
        entity[Name] = enterprise.Name;
        entity[RegisteredCounty] = enterprise.RegisteredCounty.ToString();
        entity[Industry] = enterprise.Industry.ToString();
        entity[Contacts] = JsonSerializer.Serialize(subscriber.Contacts.Select(StoredContact.From).ToArray(), EnterpriseStorageJsonContext.Default.StoredContactArray);
        entity[Preferences] = JsonSerializer.Serialize(StoredPreferences.From(subscriber.Preferences), EnterpriseStorageJsonContext.Default.StoredPreferences);
        entity[Version] = version;
    }

    /// <summary>Reads the subscriber of an entity whose credit code is <paramref name="uscc"/>.</summary>
    /// <exception cref="InvalidDataException">A stored value does not parse: the row was not written by this code.</exception>
    public static Subscriber Read(TableEntity entity, string uscc)
    {
        try
        {
            var enterprise = ReadEnterprise(entity, uscc);
            var contacts = JsonSerializer.Deserialize(entity.GetString(Contacts) ?? "[]", EnterpriseStorageJsonContext.Default.StoredContactArray) ?? [];
            var preferences = JsonSerializer.Deserialize(entity.GetString(Preferences) ?? "null", EnterpriseStorageJsonContext.Default.StoredPreferences)
                ?? throw new InvalidDataException("no preferences");
            return new Subscriber(enterprise, preferences.ToPreferences(), [.. contacts.Select(c => c.ToContact())]);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException or InvalidDataException)
        {
            throw new InvalidDataException($"Row {entity.PartitionKey}/{entity.RowKey} of table storage does not hold a readable subscriber: {ex.Message}", ex);
        }
    }

    /// <summary>Reads the enterprise itself (code, name, county, industry), for readers that select only those columns.</summary>
    /// <exception cref="InvalidDataException">A stored value does not parse.</exception>
    public static Enterprise ReadEnterprise(TableEntity entity, string uscc)
    {
        try
        {
            return new Enterprise(
                UnifiedSocialCreditCode.Parse(uscc),
                entity.GetString(Name) ?? string.Empty,
                RegionCode.Parse(entity.GetString(RegisteredCounty) ?? string.Empty),
                IndustryCode.Parse(entity.GetString(Industry) ?? string.Empty));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new InvalidDataException($"Row {entity.PartitionKey}/{entity.RowKey} of table storage does not hold a readable enterprise: {ex.Message}", ex);
        }
    }

    public static long ReadVersion(TableEntity entity) => entity.GetInt64(Version) ?? 0;
}

/// <summary>A contact as stored (channels by wire name, so the JSON stays readable in Storage Explorer).</summary>
/// <remarks>
/// The exercise flag and the unverified flags are left out when false, so rows written before they
/// existed read the same: a contact stored before verification existed counts as verified.
/// </remarks>
internal sealed record StoredContact(
    string Id,
    string Name,
    string? Role,
    string? Mobile,
    string? Email,
    string[] Channels,
    int Precedence,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool ExerciseParticipant = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool MobileUnverified = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool EmailUnverified = false)
{
    public static StoredContact From(Contact contact) =>
        new(contact.Id, contact.Name, contact.Role, contact.Mobile, contact.Email, [.. contact.Channels.Select(c => c.ToWireName())], contact.Precedence, contact.ExerciseParticipant,
            contact.Mobile is not null && !contact.MobileVerified, contact.Email is not null && !contact.EmailVerified);

    public Contact ToContact() => new(Id, Name, Role, Mobile, Email, [.. Channels.Select(ParseChannel)], Precedence, ExerciseParticipant, !MobileUnverified, !EmailUnverified);

    internal static Channel ParseChannel(string name) =>
        ChannelExtensions.TryParseWireName(name, out var channel) ? channel : throw new FormatException($"'{name}' is not a channel.");
}

/// <summary>Preferences as stored.</summary>
internal sealed record StoredPreferences(
    string[] Categories,
    string MinimumSeverity,
    string[] Regions,
    string[] Industries,
    string[] Channels,
    string? QuietStart,
    string? QuietEnd,
    bool Unsubscribed)
{
    private const string TimeFormat = "HH:mm";

    public static StoredPreferences From(SubscriptionPreferences preferences) => new(
        [.. preferences.Categories],
        preferences.MinimumSeverity.ToString(),
        [.. preferences.Regions.Select(r => r.ToString())],
        [.. preferences.Industries.Select(i => i.ToString())],
        [.. preferences.Channels.Select(c => c.ToWireName())],
        preferences.QuietHours?.Start.ToString(TimeFormat, CultureInfo.InvariantCulture),
        preferences.QuietHours?.End.ToString(TimeFormat, CultureInfo.InvariantCulture),
        preferences.Unsubscribed);

    public SubscriptionPreferences ToPreferences() => new(
        Categories,
        Enum.Parse<Severity>(MinimumSeverity),
        [.. Regions.Select(RegionCode.Parse)],
        [.. Industries.Select(IndustryCode.Parse)],
        [.. Channels.Select(StoredContact.ParseChannel)],
        QuietStart is null || QuietEnd is null
            ? null
            : new QuietHours(TimeOnly.ParseExact(QuietStart, TimeFormat, CultureInfo.InvariantCulture), TimeOnly.ParseExact(QuietEnd, TimeFormat, CultureInfo.InvariantCulture)),
        Unsubscribed);
}

/// <summary>JSON columns of the enterprise rows.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StoredContact[]))]
[JsonSerializable(typeof(StoredPreferences))]
internal sealed partial class EnterpriseStorageJsonContext : JsonSerializerContext;

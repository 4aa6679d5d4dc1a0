using Azure;
using Azure.Data.Tables;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;

namespace RiskAlerts.Infrastructure.Storage.Deliveries;

/// <summary>How a <see cref="DeliveryRecord"/> is laid out in a <c>Deliveries</c> row (enums by name, so rows read well in Storage Explorer).</summary>
internal static class DeliveryEntity
{
    public const string WarningId = nameof(DeliveryRecord.WarningId);
    public const string Channel = nameof(DeliveryRecord.Channel);
    public const string Uscc = nameof(DeliveryRecord.Uscc);
    public const string EnterpriseName = nameof(DeliveryRecord.EnterpriseName);
    public const string ContactId = nameof(DeliveryRecord.ContactId);
    public const string Address = nameof(DeliveryRecord.Address);
    public const string County = nameof(DeliveryRecord.County);
    public const string Batch = nameof(DeliveryRecord.Batch);
    public const string Status = nameof(DeliveryRecord.Status);
    public const string StatusAt = nameof(DeliveryRecord.StatusAt);
    public const string Attempts = nameof(DeliveryRecord.Attempts);
    public const string DeferUntil = nameof(DeliveryRecord.DeferUntil);
    public const string Escalation = nameof(DeliveryRecord.Escalation);
    public const string Provider = nameof(DeliveryRecord.Provider);
    public const string ProviderMessageId = nameof(DeliveryRecord.ProviderMessageId);
    public const string Reason = nameof(DeliveryRecord.Reason);
    public const string SentAt = nameof(DeliveryRecord.SentAt);
    public const string FollowsEarlier = nameof(DeliveryRecord.FollowsEarlier);

    /// <summary>The columns a summary reads.</summary>
    public static readonly string[] FactColumns = [Channel, Status, County, SentAt, StatusAt, Provider, Uscc];

    public static TableEntity ToEntity(DeliveryRecord record)
    {
        var entity = new TableEntity(record.PartitionKey, record.RowKey)
        {
            [WarningId] = record.WarningId,
            [Channel] = record.Channel.ToWireName(),
            [Uscc] = record.Uscc,
            [ContactId] = record.ContactId,
            [Address] = record.Address,
            [Status] = record.Status.ToString(),
            [StatusAt] = record.StatusAt,
            [Attempts] = record.Attempts,
        };

        // Replace writes exactly these columns, so a value that became null is removed from the row.
        SetIfPresent(entity, EnterpriseName, record.EnterpriseName);
        SetIfPresent(entity, County, record.County);
        SetIfPresent(entity, Batch, record.Batch);
        SetIfPresent(entity, Provider, record.Provider);
        SetIfPresent(entity, ProviderMessageId, record.ProviderMessageId);
        SetIfPresent(entity, Reason, Truncate(record.Reason));
        if (record.DeferUntil is { } deferUntil)
        {
            entity[DeferUntil] = deferUntil;
        }

        if (record.Escalation is { } escalation)
        {
            entity[Escalation] = escalation;
        }

        if (record.SentAt is { } sentAt)
        {
            entity[SentAt] = sentAt;
        }

        if (record.FollowsEarlier)
        {
            entity[FollowsEarlier] = true;
        }

        if (record.ETag is { } etag)
        {
            entity.ETag = new ETag(etag);
        }

        return entity;
    }

    /// <summary>
    /// The columns a sender or a receipt changes, for a merge: the planner's columns (address,
    /// enterprise, county) stay as written, so a row can be updated from what a batch message
    /// carries without reading it first. An empty <see cref="Reason"/> clears the reason.
    /// </summary>
    public static TableEntity ToLifecycleEntity(DeliveryRecord record)
    {
        var entity = new TableEntity(record.PartitionKey, record.RowKey)
        {
            [Status] = record.Status.ToString(),
            [StatusAt] = record.StatusAt,
            [Attempts] = record.Attempts,
            [Reason] = Truncate(record.Reason) ?? string.Empty,
        };
        SetIfPresent(entity, Provider, record.Provider);
        SetIfPresent(entity, ProviderMessageId, record.ProviderMessageId);
        if (record.SentAt is { } sentAt)
        {
            entity[SentAt] = sentAt;
        }

        return entity;
    }

    /// <summary>The columns pseudonymisation changes, for a merge: the address, and the reason (empty clears it).</summary>
    public static TableEntity ToPseudonymEntity(DeliveryRecord record) => new(record.PartitionKey, record.RowKey)
    {
        [Address] = record.Address,
        [Reason] = Truncate(record.Reason) ?? string.Empty,
    };

    public static DeliveryRecord FromEntity(TableEntity entity) => new()
    {
        PartitionKey = entity.PartitionKey,
        RowKey = entity.RowKey,
        WarningId = entity.GetString(WarningId) ?? string.Empty,
        Channel = ParseChannel(entity.GetString(Channel)),
        Uscc = entity.GetString(Uscc) ?? string.Empty,
        EnterpriseName = entity.GetString(EnterpriseName),
        ContactId = entity.GetString(ContactId) ?? string.Empty,
        Address = entity.GetString(Address) ?? string.Empty,
        County = entity.GetString(County),
        Batch = entity.GetString(Batch),
        Status = ParseStatus(entity.GetString(Status)),
        StatusAt = entity.GetDateTimeOffset(StatusAt) ?? DateTimeOffset.MinValue,
        Attempts = entity.GetInt32(Attempts) ?? 0,
        DeferUntil = entity.GetDateTimeOffset(DeferUntil),
        Escalation = entity.GetInt32(Escalation),
        Provider = entity.GetString(Provider),
        ProviderMessageId = entity.GetString(ProviderMessageId),
        Reason = entity.GetString(Reason) is { Length: > 0 } reason ? reason : null,
        SentAt = entity.GetDateTimeOffset(SentAt),
        FollowsEarlier = entity.GetBoolean(FollowsEarlier) == true,
        ETag = entity.ETag.ToString(),
    };

    public static DeliveryFacts ToFacts(TableEntity entity) => new(
        ParseChannel(entity.GetString(Channel)),
        ParseStatus(entity.GetString(Status)),
        entity.GetString(County),
        entity.GetDateTimeOffset(SentAt),
        entity.GetDateTimeOffset(StatusAt) ?? DateTimeOffset.MinValue,
        entity.GetString(Provider),
        entity.GetString(Uscc));

    private static Channel ParseChannel(string? text) =>
        ChannelExtensions.TryParseWireName(text, out var channel) ? channel : throw new InvalidDataException($"'{text}' is not a channel.");

    private static DeliveryStatus ParseStatus(string? text) =>
        Enum.TryParse<DeliveryStatus>(text, ignoreCase: false, out var status) ? status : throw new InvalidDataException($"'{text}' is not a delivery status.");

    private static void SetIfPresent(TableEntity entity, string column, string? value)
    {
        if (value is not null)
        {
            entity[column] = value;
        }
    }

    // Provider texts are short, but one that is not must not fail the write (64 KiB per property).
    private static string? Truncate(string? value) => value is { Length: > 1_000 } ? value[..1_000] : value;
}

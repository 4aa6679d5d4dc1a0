using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Industries;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Warnings;

namespace RiskAlerts.Infrastructure.Storage;

/// <summary>
/// Table row of a warning. Partition key = the warning id complemented
/// (<see cref="WarningPartitionKey"/>), so listings come newest first. Filterable facts are
/// columns; the targeting lists are one JSON column, read whole.
/// </summary>
internal sealed class WarningEntity : ITableEntity
{
    public const string WarningRowKey = "warning";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = WarningRowKey;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Source { get; set; } = string.Empty;

    public string? ExternalId { get; set; }

    public string Organisation { get; set; } = string.Empty;

    public string OrganisationName { get; set; } = string.Empty;

    public string Headline { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public string? Instruction { get; set; }

    public string Category { get; set; } = string.Empty;

    public string Severity { get; set; } = string.Empty;

    public string Urgency { get; set; } = string.Empty;

    public string Certainty { get; set; } = string.Empty;

    /// <summary>CAP status; empty in rows written before exercises existed, which were all Actual.</summary>
    public string? CapStatus { get; set; }

    public string Targeting { get; set; } = "{}";

    public DateTimeOffset EffectiveAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public string Language { get; set; } = string.Empty;

    public string Status { get; set; } = string.Empty;

    public DateTimeOffset AcceptedAt { get; set; }

    public string SubmittedBy { get; set; } = string.Empty;

    public DateTimeOffset? PublishedAt { get; set; }

    public DateTimeOffset? RetractedAt { get; set; }

    public string? RetractedBy { get; set; }

    public string? RetractionReason { get; set; }

    public string? HeldBecause { get; set; }

    /// <summary>The audit trail as a JSON array: a few steps, read whole with the warning.</summary>
    public string Trail { get; set; } = "[]";

    /// <summary>CAP <c>msgType</c>; absent on rows written before it existed, which are Alerts.</summary>
    public string? MessageType { get; set; }

    /// <summary>The earlier versions of an Update or Cancel as a JSON array; absent for an Alert.</summary>
    public string? References { get; set; }

    public string? SupersededBy { get; set; }

    public static WarningEntity FromWarning(Warning warning) => new()
    {
        PartitionKey = WarningPartitionKey.For(warning.Id),
        RowKey = WarningRowKey,
        Source = warning.Source,
        ExternalId = warning.ExternalId,
        Organisation = warning.Organisation,
        OrganisationName = warning.OrganisationName,
        Headline = warning.Headline,
        Description = warning.Description,
        Instruction = warning.Instruction,
        Category = warning.Category,
        Severity = warning.Severity.ToString(),
        Urgency = warning.Urgency.ToString(),
        Certainty = warning.Certainty.ToString(),
        CapStatus = warning.CapStatus.ToString(),
        Targeting = JsonSerializer.Serialize(
            new StoredTargeting(
                [.. warning.Audience.Regions.Select(r => r.ToString())],
                [.. warning.Audience.Industries.Select(i => i.ToString())],
                [.. warning.Audience.ExplicitTargets.Select(t => t.Value)],
                [.. warning.Audience.Channels.Select(c => c.ToWireName())]),
            StorageJsonContext.Default.StoredTargeting),
        EffectiveAt = warning.EffectiveAt,
        ExpiresAt = warning.ExpiresAt,
        Language = warning.Language,
        Status = warning.Status.ToString(),
        AcceptedAt = warning.AcceptedAt,
        SubmittedBy = warning.SubmittedBy,
        PublishedAt = warning.PublishedAt,
        RetractedAt = warning.RetractedAt,
        RetractedBy = warning.RetractedBy,
        RetractionReason = warning.RetractionReason,
        HeldBecause = warning.HeldBecause,
        Trail = JsonSerializer.Serialize([.. warning.Trail], StorageJsonContext.Default.WarningStepArray),
        MessageType = warning.MessageType.ToString(),
        References = warning.References.Count == 0 ? null : JsonSerializer.Serialize([.. warning.References], StorageJsonContext.Default.WarningReferenceArray),
        SupersededBy = warning.SupersededBy,
    };

    public Warning ToWarning()
    {
        var targeting = JsonSerializer.Deserialize(Targeting, StorageJsonContext.Default.StoredTargeting)
            ?? throw new InvalidDataException($"Warning {WarningPartitionKey.WarningIdOf(PartitionKey)} has no targeting.");
        return new Warning
        {
            Id = WarningPartitionKey.WarningIdOf(PartitionKey),
            Source = Source,
            ExternalId = ExternalId,
            Organisation = Organisation,
            OrganisationName = OrganisationName,
            Headline = Headline,
            Description = Description,
            Instruction = Instruction,
            Audience = new WarningAudience(
                Category,
                Enum.Parse<Severity>(Severity),
                [.. targeting.Regions.Select(RegionCode.Parse)],
                [.. targeting.Industries.Select(IndustryCode.Parse)],
                [.. targeting.Targets.Select(UnifiedSocialCreditCode.Parse)],
                [.. targeting.Channels.Select(c => ChannelExtensions.TryParseWireName(c, out var channel) ? channel : throw new InvalidDataException($"Unknown channel {c}."))],
                string.IsNullOrEmpty(CapStatus) ? Core.Alerts.CapStatus.Actual : Enum.Parse<CapStatus>(CapStatus)),
            Urgency = Enum.Parse<Urgency>(Urgency),
            Certainty = Enum.Parse<Certainty>(Certainty),
            EffectiveAt = EffectiveAt,
            ExpiresAt = ExpiresAt,
            Language = Language,
            Status = Enum.Parse<WarningStatus>(Status),
            AcceptedAt = AcceptedAt,
            SubmittedBy = SubmittedBy,
            PublishedAt = PublishedAt,
            RetractedAt = RetractedAt,
            RetractedBy = RetractedBy,
            RetractionReason = RetractionReason,
            HeldBecause = HeldBecause,
            Trail = string.IsNullOrEmpty(Trail) ? [] : JsonSerializer.Deserialize(Trail, StorageJsonContext.Default.WarningStepArray) ?? [],
            MessageType = string.IsNullOrEmpty(MessageType) ? WarningMessageType.Alert : Enum.Parse<WarningMessageType>(MessageType),
            References = string.IsNullOrEmpty(References) ? [] : JsonSerializer.Deserialize(References, StorageJsonContext.Default.WarningReferenceArray) ?? [],
            SupersededBy = SupersededBy,
        };
    }
}

/// <summary>The targeting lists of a warning row, as stored.</summary>
internal sealed record StoredTargeting(string[] Regions, string[] Industries, string[] Targets, string[] Channels);

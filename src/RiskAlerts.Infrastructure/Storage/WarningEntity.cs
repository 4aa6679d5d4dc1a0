using Azure;
using Azure.Data.Tables;
using RiskAlerts.Core.Warnings;

namespace RiskAlerts.Infrastructure.Storage;

/// <summary>
/// Table row of a warning. Partition key = warning id, so a warning and the rows that
/// later hang off it (counters, audit) share a partition and can change in one transaction.
/// </summary>
internal sealed class WarningEntity : ITableEntity
{
    public const string WarningRowKey = "warning";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = WarningRowKey;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Headline { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public string Severity { get; set; } = string.Empty;

    public string RegionCode { get; set; } = string.Empty;

    public string Status { get; set; } = string.Empty;

    public DateTimeOffset AcceptedAt { get; set; }

    public string SubmittedBy { get; set; } = string.Empty;

    public DateTimeOffset? PublishedAt { get; set; }

    public static WarningEntity FromWarning(Warning warning) => new()
    {
        PartitionKey = warning.Id,
        RowKey = WarningRowKey,
        Headline = warning.Headline,
        Description = warning.Description,
        Severity = warning.Severity,
        RegionCode = warning.RegionCode,
        Status = warning.Status.ToString(),
        AcceptedAt = warning.AcceptedAt,
        SubmittedBy = warning.SubmittedBy,
        PublishedAt = warning.PublishedAt,
    };

    public Warning ToWarning() => new()
    {
        Id = PartitionKey,
        Headline = Headline,
        Description = Description,
        Severity = Severity,
        RegionCode = RegionCode,
        Status = Enum.Parse<WarningStatus>(Status),
        AcceptedAt = AcceptedAt,
        SubmittedBy = SubmittedBy,
        PublishedAt = PublishedAt,
    };
}

using System.ComponentModel.DataAnnotations;

namespace RiskAlerts.Infrastructure.Storage;

/// <summary>Table names; the connection itself is the <c>Tables</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    [Required, RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string WarningsTable { get; set; } = "Warnings";

    [Required, RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string SubscriptionsTable { get; set; } = "Subscriptions";

    [Required, RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string EnterprisesTable { get; set; } = "Enterprises";

    [Required, RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string DeliveriesTable { get; set; } = "Deliveries";

    [Required, RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string IdempotencyTable { get; set; } = "IdempotencyKeys";

    /// <summary>Operators' state and record: channel pauses and the audit trail.</summary>
    [Required, RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string OperationsTable { get; set; } = "Operations";

    public IEnumerable<string> AllTables() =>
        [WarningsTable, SubscriptionsTable, EnterprisesTable, DeliveriesTable, IdempotencyTable, OperationsTable];
}

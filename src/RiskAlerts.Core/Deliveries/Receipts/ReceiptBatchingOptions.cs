using System.ComponentModel.DataAnnotations;

namespace RiskAlerts.Core.Deliveries.Receipts;

/// <summary>
/// The <c>Receipts:Batching</c> configuration section: how receipts of many callbacks are gathered
/// into one Table transaction per delivery partition.
/// </summary>
public sealed class ReceiptBatchingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Receipts:Batching";

    /// <summary>
    /// How long no receipt may have arrived at all before a partition's partial group is written. A
    /// lone receipt waits this long; in a storm the arrivals never pause that long, so groups fill.
    /// Zero writes at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:00.100")]
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// The longest a receipt waits for its group to fill while receipts keep arriving: bounds a
    /// callback's answer under steady load that never pauses for <see cref="Linger"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan MaxHold { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Partitions whose receipts are written at once. A partition waiting for its turn keeps
    /// gathering receipts, so a storm is written in fuller groups and storage is not flooded.
    /// </summary>
    [Range(1, 64)]
    public int MaxConcurrentWrites { get; set; } = 4;
}

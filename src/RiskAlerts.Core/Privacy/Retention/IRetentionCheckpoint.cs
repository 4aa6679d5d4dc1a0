namespace RiskAlerts.Core.Privacy.Retention;

/// <summary>
/// Where the retention run got to: the last warning (in acceptance order) whose delivery rows are all
/// pseudonymised. A run that stopped (its bound, a crash, storage unreachable) goes on after it.
/// </summary>
public interface IRetentionCheckpoint
{
    /// <summary>The last warning done; null before the first.</summary>
    Task<RetentionPosition?> ReadAsync(CancellationToken cancellationToken = default);

    /// <summary>Records that every warning up to <paramref name="position"/> is done.</summary>
    Task WriteAsync(RetentionPosition position, CancellationToken cancellationToken = default);
}

/// <summary>A warning's place in acceptance order: its acceptance time, then its id for warnings accepted at the same instant.</summary>
/// <param name="AcceptedAt">When the warning was accepted.</param>
/// <param name="WarningId">The warning.</param>
public sealed record RetentionPosition(DateTimeOffset AcceptedAt, string WarningId) : IComparable<RetentionPosition>
{
    /// <inheritdoc />
    public int CompareTo(RetentionPosition? other) =>
        other is null ? 1
        : AcceptedAt != other.AcceptedAt ? AcceptedAt.CompareTo(other.AcceptedAt)
        : string.CompareOrdinal(WarningId, other.WarningId);

    /// <summary>Whether <paramref name="left"/> comes after <paramref name="right"/>.</summary>
    public static bool operator >(RetentionPosition left, RetentionPosition right) => left is not null && left.CompareTo(right) > 0;

    /// <summary>Whether <paramref name="left"/> comes before <paramref name="right"/>.</summary>
    public static bool operator <(RetentionPosition left, RetentionPosition right) => left is null ? right is not null : left.CompareTo(right) < 0;

    /// <summary>Whether <paramref name="left"/> comes at or after <paramref name="right"/>.</summary>
    public static bool operator >=(RetentionPosition left, RetentionPosition right) => !(left < right);

    /// <summary>Whether <paramref name="left"/> comes at or before <paramref name="right"/>.</summary>
    public static bool operator <=(RetentionPosition left, RetentionPosition right) => !(left > right);
}

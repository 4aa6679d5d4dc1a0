using RiskAlerts.Core.Alerts;

namespace RiskAlerts.Core.Deliveries;

/// <summary>The <c>Deliveries</c> table: one row per recipient of a warning, written in partition-sized batches.</summary>
public interface IDeliveryStore
{
    /// <summary>
    /// Adds rows of one partition (at most 100) in one transaction. Rows that already exist (a
    /// re-run of the planner) are left as they are and only the missing ones are added.
    /// </summary>
    /// <returns>How many rows were added.</returns>
    Task<int> AddAsync(IReadOnlyList<DeliveryRecord> rows, CancellationToken cancellationToken = default);

    /// <summary>The rows of one partition whose row keys lie between <paramref name="firstRowKey"/> and <paramref name="lastRowKey"/> (inclusive): one range query.</summary>
    Task<IReadOnlyList<DeliveryRecord>> ReadRangeAsync(string partitionKey, string firstRowKey, string lastRowKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the lifecycle columns (status, times, attempts, provider, reason) of changed rows of
    /// one partition (at most 100) in one transaction, each conditional on the
    /// <see cref="DeliveryRecord.ETag"/> it was read with; a row without one (known from its batch
    /// message, never read) is written as it is. The planner's columns are never changed.
    /// </summary>
    /// <returns>The rows with their new ETags.</returns>
    /// <exception cref="DeliveryConcurrencyException">Another writer changed one of the rows since it was read; nothing was written.</exception>
    Task<IReadOnlyList<DeliveryRecord>> UpdateAsync(IReadOnlyList<DeliveryRecord> rows, CancellationToken cancellationToken = default);

    /// <summary>Whether any of a warning's rows is still pending (Planned, or Sending from an earlier version): one existence query.</summary>
    Task<bool> HasPendingAsync(string warningId, CancellationToken cancellationToken = default);

    /// <summary>The summary columns (channel, status, county, times) of every row of one partition.</summary>
    Task<IReadOnlyList<DeliveryFacts>> ReadFactsAsync(string partitionKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// A warning's rows to one address on one channel (one query of the address's shard); with
    /// <paramref name="pseudonym"/>, also the rows whose address was pseudonymised to it (they stay in
    /// the shard of the original address).
    /// </summary>
    Task<IReadOnlyList<DeliveryRecord>> FindByAddressAsync(string warningId, Channel channel, string address, string? pseudonym = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the address and reason of rows of one partition (at most 100) that were pseudonymised,
    /// leaving every other column as it is; a row read first is written conditional on its ETag.
    /// </summary>
    /// <exception cref="DeliveryConcurrencyException">A row changed or vanished since it was read.</exception>
    Task WritePseudonymsAsync(IReadOnlyList<DeliveryRecord> rows, CancellationToken cancellationToken = default);

    /// <summary>A warning's rows to one enterprise, every contact and channel (one filtered query over its partitions).</summary>
    Task<IReadOnlyList<DeliveryRecord>> FindByEnterpriseAsync(string warningId, string uscc, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether the warning has any of the rows named by <paramref name="rows"/> (a shard and a row key
    /// each): point reads, one at a time, the first found ending it.
    /// </summary>
    Task<bool> HasAnyAsync(string warningId, IReadOnlyList<DeliveryRowAddress> rows, CancellationToken cancellationToken = default);

    /// <summary>One page of a warning's rows, in key order.</summary>
    Task<DeliveryPage> ListAsync(DeliveryQuery query, CancellationToken cancellationToken = default);

    /// <summary>Keeps a receipt that matched no delivery, for operators (idempotent per provider and message id).</summary>
    Task RecordUnmatchedReceiptAsync(UnmatchedReceipt receipt, CancellationToken cancellationToken = default);

    /// <summary>Receipts kept by <see cref="RecordUnmatchedReceiptAsync"/> on a China-local day.</summary>
    Task<IReadOnlyList<UnmatchedReceipt>> ListUnmatchedReceiptsAsync(DateOnly day, CancellationToken cancellationToken = default);
}

/// <summary>The columns a summary needs, read with a select so that a broadcast's 150,000 rows stay cheap.</summary>
public readonly record struct DeliveryFacts(Channel Channel, DeliveryStatus Status, string? County, DateTimeOffset? SentAt, DateTimeOffset StatusAt, string? Provider = null, string? Uscc = null);

/// <summary>Which of a warning's rows to list.</summary>
public sealed record DeliveryQuery
{
    /// <summary>The warning.</summary>
    public required string WarningId { get; init; }

    /// <summary>Only rows in this status; any when null.</summary>
    public DeliveryStatus? Status { get; init; }

    /// <summary>Only rows of this channel; any when null.</summary>
    public Channel? Channel { get; init; }

    /// <summary>Rows per page (1 to 1,000).</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>The token of the previous page, as returned.</summary>
    public string? ContinuationToken { get; init; }
}

/// <summary>A page of rows and the token of the next (null on the last).</summary>
public sealed record DeliveryPage(IReadOnlyList<DeliveryRecord> Items, string? ContinuationToken);

/// <summary>A delivery receipt that named no known delivery.</summary>
/// <param name="Provider">The provider's configured name.</param>
/// <param name="ProviderMessageId">The provider's message id.</param>
/// <param name="MaskedPhone">The number, masked (the full number is not kept for a receipt that belongs to nobody).</param>
/// <param name="Status">The receipt's status.</param>
/// <param name="Code">The carrier code.</param>
/// <param name="Reference">The correlation reference the receipt carried, if any.</param>
/// <param name="Why">Why it matched nothing.</param>
/// <param name="ReceivedAt">When it arrived.</param>
public sealed record UnmatchedReceipt(string Provider, string ProviderMessageId, string MaskedPhone, string Status, string? Code, string? Reference, string Why, DateTimeOffset ReceivedAt);

/// <summary>A conditional write lost to another writer; nothing of the transaction was written.</summary>
public sealed class DeliveryConcurrencyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DeliveryConcurrencyException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public DeliveryConcurrencyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public DeliveryConcurrencyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Where a recipient's row of any warning sits: the shard of its address and its row key.</summary>
/// <param name="Shard">The shard (<see cref="DeliveryKeys.ShardOf"/> of the address).</param>
/// <param name="RowKey"><see cref="DeliveryKeys.RowKey"/> of the channel, enterprise and contact.</param>
public sealed record DeliveryRowAddress(int Shard, string RowKey);

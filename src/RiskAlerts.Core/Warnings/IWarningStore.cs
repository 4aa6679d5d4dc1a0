namespace RiskAlerts.Core.Warnings;

/// <summary>Durable record of warnings (Table Storage in every environment).</summary>
public interface IWarningStore
{
    /// <summary>Inserts a new warning; throws <see cref="WarningAlreadyExistsException"/> when the id is taken.</summary>
    Task InsertAsync(Warning warning, CancellationToken cancellationToken = default);

    Task<Warning?> FindAsync(string warningId, CancellationToken cancellationToken = default);

    /// <summary>Records that the warning reached the <c>warnings</c> queue.</summary>
    Task MarkPublishedAsync(string warningId, DateTimeOffset publishedAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies <paramref name="change"/> to the stored warning under optimistic concurrency, re-reading
    /// and re-applying when another writer got there first. A change that returns its input unchanged
    /// writes nothing.
    /// </summary>
    /// <returns>The warning as stored afterwards, or null when there is no such warning.</returns>
    Task<Warning?> UpdateAsync(string warningId, Func<Warning, Warning> change, CancellationToken cancellationToken = default);

    /// <summary>One page of warnings matching <paramref name="query"/>, oldest first.</summary>
    Task<WarningPage> ListAsync(WarningQuery query, CancellationToken cancellationToken = default);

    /// <summary>Warnings accepted before <paramref name="acceptedBefore"/> that never reached the queue.</summary>
    Task<IReadOnlyList<Warning>> FindUnpublishedAsync(DateTimeOffset acceptedBefore, int limit, CancellationToken cancellationToken = default);
}

/// <summary>Filters for listing warnings; null means any.</summary>
public sealed record WarningQuery
{
    public WarningStatus? Status { get; init; }

    public string? Category { get; init; }

    public Alerts.Severity? Severity { get; init; }

    /// <summary>Text the headline must contain (<see cref="Text.TextMatch.Key"/>); null for any.</summary>
    public string? HeadlineContains { get; init; }

    public string? Source { get; init; }

    public string? SubmittedBy { get; init; }

    /// <summary>Code of the issuing organisation.</summary>
    public string? Organisation { get; init; }

    public DateTimeOffset? AcceptedFrom { get; init; }

    public DateTimeOffset? AcceptedTo { get; init; }

    public int PageSize { get; init; } = 50;

    public string? ContinuationToken { get; init; }
}

/// <summary>A page of warnings and the token for the next one (null on the last page).</summary>
public sealed record WarningPage(IReadOnlyList<Warning> Items, string? ContinuationToken);

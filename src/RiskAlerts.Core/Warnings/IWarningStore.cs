namespace RiskAlerts.Core.Warnings;

/// <summary>Durable record of warnings (Table Storage in every environment).</summary>
public interface IWarningStore
{
    /// <summary>Inserts a new warning; throws <see cref="WarningAlreadyExistsException"/> when the id is taken.</summary>
    Task InsertAsync(Warning warning, CancellationToken cancellationToken = default);

    Task<Warning?> FindAsync(string warningId, CancellationToken cancellationToken = default);

    /// <summary>Records that the warning reached the <c>warnings</c> queue.</summary>
    Task MarkPublishedAsync(string warningId, DateTimeOffset publishedAt, CancellationToken cancellationToken = default);
}

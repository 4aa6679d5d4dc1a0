using RiskAlerts.Core.Alerts;

namespace RiskAlerts.Core.Registrations.OptOut;

/// <summary>An address that stopped receiving from an enterprise, as the senders check it.</summary>
/// <param name="Channel">The channel stopped.</param>
/// <param name="Address">The E.164 number or email address. Personal data: never logged unmasked.</param>
/// <param name="Uscc">The enterprise it stopped receiving from.</param>
/// <param name="Category">The one warning category stopped; null for every warning.</param>
/// <param name="At">When it was recorded.</param>
public sealed record OptOutEntry(Channel Channel, string Address, string Uscc, string? Category, DateTimeOffset At);

/// <summary>
/// The opt-outs by address, for the senders: a delivery planned before its contact opted out (the
/// race the planner cannot see) is suppressed when it is sent. Kept in the address's delivery shard,
/// newest first, so a batch reads only the opt-outs of its shard since its warning was accepted.
/// </summary>
public interface IOptOutLedger
{
    /// <summary>Records the opt-out.</summary>
    Task RecordAsync(OptOutEntry entry, CancellationToken cancellationToken = default);

    /// <summary>The opt-outs recorded since <paramref name="since"/> for addresses of delivery shard <paramref name="shard"/> (one query of the ledger, or a read of it up to a second old).</summary>
    Task<IReadOnlyList<OptOutEntry>> FindSinceAsync(int shard, DateTimeOffset since, CancellationToken cancellationToken = default);
}

namespace RiskAlerts.Core.Idempotency;

/// <summary>
/// Remembers which resource a caller's idempotency key created, and from which request,
/// so a retried request gets the first answer and a reused key with another request is refused.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>
    /// Claims <paramref name="key"/> within <paramref name="scope"/> for a new resource, atomically.
    /// </summary>
    /// <returns>The claim as stored: ours if the key was free, else the earlier one.</returns>
    Task<IdempotencyRecord> ClaimAsync(string scope, string key, string requestHash, string resourceId, CancellationToken cancellationToken = default);
}

/// <summary>What an idempotency key is bound to.</summary>
/// <param name="ResourceId">The id of the resource the first request created.</param>
/// <param name="RequestHash">A hash of the first request, to tell a retry from a different request.</param>
/// <param name="IsNew">True when this call made the claim.</param>
public sealed record IdempotencyRecord(string ResourceId, string RequestHash, bool IsNew);

namespace RiskAlerts.Core.Deliveries.Send;

/// <summary>
/// Claims on delivery batches, one per message id: a sender claims a batch just before its first
/// request to a provider that cannot be asked twice (SMTP; an SMS provider without idempotency),
/// so that a second sender of the same message sends nothing while the first holds it, and a
/// sender that takes over after a crash knows that requests may have left. One write per batch.
/// </summary>
public interface IDeliveryBatchClaims
{
    /// <summary>Claims the batch for <paramref name="lease"/> from <paramref name="now"/>.</summary>
    Task<BatchClaim> ClaimAsync(string warningId, string messageId, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Gives the claim up, so that another sender may take the batch at once (a sender that stops before it finished).</summary>
    Task ReleaseAsync(BatchClaim claim, CancellationToken cancellationToken = default);
}

/// <summary>How a claim went.</summary>
public enum BatchClaimState
{
    /// <summary>First claim on the batch: nothing of it can have left yet.</summary>
    Acquired,

    /// <summary>
    /// An earlier claim had lapsed or was released (its sender stopped, or this one handled the
    /// message before): its requests may have left, so the rows are read and what is pending is resolved.
    /// </summary>
    TakenOver,

    /// <summary>Another sender holds the batch until <see cref="BatchClaim.HeldUntil"/>; this one must not send.</summary>
    HeldByAnother,
}

/// <summary>A claim on a batch.</summary>
/// <param name="WarningId">The warning.</param>
/// <param name="MessageId">The batch's message id.</param>
/// <param name="State">How the claim went.</param>
/// <param name="HeldUntil">When the lease ends.</param>
/// <param name="ETag">The store's version of the claim, for its release.</param>
public sealed record BatchClaim(string WarningId, string MessageId, BatchClaimState State, DateTimeOffset HeldUntil, string? ETag);

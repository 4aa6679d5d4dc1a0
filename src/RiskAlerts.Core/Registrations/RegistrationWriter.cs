using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Matching;

namespace RiskAlerts.Core.Registrations;

/// <summary>
/// Read, change, conditional write: the one way every registration use case writes.
/// With an <c>If-Match</c> from the caller the stored version must be the one the caller saw
/// (otherwise <see cref="RegistrationConflictException"/>, HTTP 412). Without one the last
/// writer wins, but the write is still conditional on the record read a moment earlier, so a
/// concurrent change made between this request's read and write is re-read and the change
/// re-applied rather than silently overwritten.
/// </summary>
public sealed class RegistrationWriter(IEnterpriseRegistry registry, TimeProvider timeProvider)
{
    private const int MaximumAttempts = 4;

    /// <summary>Applies <paramref name="change"/> to the current record (null when none) and stores the result.</summary>
    /// <param name="uscc">The enterprise.</param>
    /// <param name="ifMatch">The caller's <c>If-Match</c> header, or null.</param>
    /// <param name="change">Builds the new subscriber record from the current one; throws on invalid input.</param>
    /// <param name="cancellationToken">Cancels the read and the write.</param>
    /// <returns>The stored record and whether it was created.</returns>
    public async Task<RegistrationResult> WriteAsync(
        UnifiedSocialCreditCode uscc,
        string? ifMatch,
        Func<RegisteredEnterprise?, Subscriber> change,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 1; ; attempt++)
        {
            var current = await registry.FindAsync(uscc, cancellationToken);
            CheckPrecondition(ifMatch, current);
            var next = change(current);
            try
            {
                var saved = await registry.SaveAsync(next, current, timeProvider.GetUtcNow(), cancellationToken);
                return new RegistrationResult(saved, current is null);
            }
            catch (RegistrationConflictException) when (attempt < MaximumAttempts)
            {
                // Another request changed the record between our read and write. Read it again:
                // with If-Match the precondition check then answers 412 if the version moved on;
                // without, this change is re-applied on top, so neither change is lost.
            }
        }
    }

    /// <summary>Checks an <c>If-Match</c> header (RFC 9110 §13.1.1: strong comparison, <c>*</c> = exists).</summary>
    /// <exception cref="RegistrationConflictException">The precondition does not hold.</exception>
    public static void CheckPrecondition(string? ifMatch, RegisteredEnterprise? current)
    {
        if (ifMatch is null)
        {
            return;
        }

        var tags = ifMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var holds = current is not null && tags.Any(tag => tag == "*" || string.Equals(tag, current.ETag, StringComparison.Ordinal));
        if (!holds)
        {
            throw new RegistrationConflictException(
                current is null
                    ? "If-Match was given but the enterprise is not registered."
                    : $"If-Match {ifMatch} does not match the current version {current.ETag}; read the registration again and reapply the change.",
                preconditionFailed: true);
        }
    }
}

/// <summary>The outcome of a registration write.</summary>
/// <param name="Registration">The stored record.</param>
/// <param name="Created">True when the enterprise registered for the first time.</param>
public sealed record RegistrationResult(RegisteredEnterprise Registration, bool Created);

using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Matching;

namespace RiskAlerts.Core.Registrations;

/// <summary>
/// The durable registry of enterprises and the broadcast index derived from it. The registry
/// record is the source of truth; the index follows it after every successful write.
/// </summary>
public interface IEnterpriseRegistry
{
    /// <summary>The registration of <paramref name="uscc"/>, or null when it never registered.</summary>
    Task<RegisteredEnterprise?> FindAsync(UnifiedSocialCreditCode uscc, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a registration. With <paramref name="current"/> null the enterprise must be new;
    /// otherwise the write succeeds only if the stored record is still <paramref name="current"/>
    /// (its <see cref="RegisteredEnterprise.ConcurrencyToken"/>). The broadcast index is brought
    /// in line afterwards.
    /// </summary>
    /// <exception cref="RegistrationConflictException">Another writer got there first.</exception>
    Task<RegisteredEnterprise> SaveAsync(Subscriber subscriber, RegisteredEnterprise? current, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// A page of the registrations the search finds, in credit-code order. A page may hold fewer
    /// than <paramref name="pageSize"/> registrations, even none, while a continuation token says
    /// more may follow: each call examines a bounded number of records.
    /// </summary>
    /// <exception cref="Validation.RequestValidationException">The continuation token is not one this registry issued.</exception>
    Task<RegistrationPage> SearchAsync(List.EnterpriseSearch search, int pageSize, string? continuationToken, CancellationToken cancellationToken = default);
}

/// <summary>A conditional write lost to a concurrent writer, or an If-Match precondition did not hold.</summary>
public sealed class RegistrationConflictException : Exception
{
    public RegistrationConflictException(string message, bool preconditionFailed)
        : base(message)
    {
        PreconditionFailed = preconditionFailed;
    }

    public RegistrationConflictException(string message)
        : base(message)
    {
    }

    public RegistrationConflictException()
        : this("The registration was changed by another request.")
    {
    }

    public RegistrationConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the caller's If-Match did not hold (HTTP 412); false for a lost race without one (HTTP 409).</summary>
    public bool PreconditionFailed { get; }
}

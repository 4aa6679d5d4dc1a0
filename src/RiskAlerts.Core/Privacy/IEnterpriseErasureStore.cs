using RiskAlerts.Core.Registrations.OptOut;

namespace RiskAlerts.Core.Privacy;

/// <summary>
/// What is left of an erased enterprise: its code, when and by whom it was erased, and how much was
/// erased. Nothing of its contacts.
/// </summary>
/// <param name="Uscc">The enterprise's credit code.</param>
/// <param name="ErasedAt">When it was erased.</param>
/// <param name="ErasedBy">The admin who erased it.</param>
/// <param name="Contacts">How many contacts were erased.</param>
/// <param name="Deliveries">How many delivery rows to the enterprise were pseudonymised (they still count in evidence).</param>
public sealed record EnterpriseErasure(string Uscc, DateTimeOffset ErasedAt, string ErasedBy, int Contacts, int Deliveries);

/// <summary>What is left of one erased contact of an enterprise that is still registered: its id, when, by whom, how many delivery rows.</summary>
/// <param name="Uscc">The enterprise.</param>
/// <param name="ContactId">The contact's id.</param>
/// <param name="ErasedAt">When it was erased.</param>
/// <param name="ErasedBy">The admin who erased it.</param>
/// <param name="Deliveries">How many delivery rows to it were pseudonymised.</param>
public sealed record ContactErasure(string Uscc, string ContactId, DateTimeOffset ErasedAt, string ErasedBy, int Deliveries);

/// <summary>
/// The rows outside the registry record and the delivery rows that name an enterprise or its
/// contacts' addresses, for erasure and export: the broadcast index, the opt-out ledger, the
/// acknowledgements and the SMS daily counts; and the record kept of an erasure.
/// </summary>
public interface IEnterpriseErasureStore
{
    /// <summary>The record of the enterprise's erasure, or null when it was never erased.</summary>
    Task<EnterpriseErasure?> FindAsync(string uscc, CancellationToken cancellationToken = default);

    /// <summary>Deletes every broadcast index row of the enterprise, so no warning plans it any more; the registry record stays.</summary>
    /// <returns>How many rows were deleted.</returns>
    Task<int> RemoveFromIndexAsync(string uscc, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the numbers out of the SMS daily counts of one warning on the China-local days
    /// <paramref name="firstDay"/> to <paramref name="lastDay"/>.
    /// </summary>
    /// <returns>How many count rows were changed.</returns>
    Task<int> ForgetSmsCountsAsync(string warningId, IReadOnlyCollection<string> phones, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken = default);

    /// <summary>The opt-outs recorded for the enterprise, newest first.</summary>
    Task<IReadOnlyList<OptOutEntry>> ListOptOutsAsync(string uscc, CancellationToken cancellationToken = default);

    /// <summary>Deletes the opt-outs recorded for the enterprise: every one, or those of <paramref name="addresses"/> only.</summary>
    Task<int> DeleteOptOutsAsync(string uscc, IReadOnlySet<string>? addresses, CancellationToken cancellationToken = default);

    /// <summary>Deletes the acknowledgements of one warning by the enterprise and its contacts, or by its one contact <paramref name="contactId"/>.</summary>
    Task<int> DeleteAcknowledgementsAsync(string warningId, string uscc, string? contactId, CancellationToken cancellationToken = default);

    /// <summary>Deletes the consent events of one contact of the enterprise.</summary>
    Task<int> DeleteConsentEventsAsync(string uscc, string contactId, CancellationToken cancellationToken = default);

    /// <summary>The record of a contact's erasure, or null when it was never erased.</summary>
    Task<ContactErasure?> FindContactAsync(string uscc, string contactId, CancellationToken cancellationToken = default);

    /// <summary>Keeps the record of a contact's erasure beside the enterprise's record (an erasure of the enterprise deletes it).</summary>
    Task RecordContactAsync(ContactErasure erasure, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the registry record and every row kept with it (consent events), leaving
    /// <paramref name="erasure"/> in its place. The record goes last, in one transaction with the
    /// erasure record, so an erasure cut short is found and finished by the next.
    /// </summary>
    Task EraseRegistrationAsync(EnterpriseErasure erasure, CancellationToken cancellationToken = default);
}

/// <summary>Erasure refused because delivery rows cannot be pseudonymised: no <see cref="PrivacyOptions.PseudonymKey"/> is configured.</summary>
public sealed class PseudonymKeyMissingException : Exception
{
    public PseudonymKeyMissingException()
        : base("Privacy:PseudonymKey is not configured, so the enterprise's delivery rows cannot be pseudonymised; nothing was erased. Configure the key (Key Vault) and erase again.")
    {
    }

    public PseudonymKeyMissingException(string message)
        : base(message)
    {
    }

    public PseudonymKeyMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

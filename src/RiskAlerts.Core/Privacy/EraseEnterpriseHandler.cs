using Microsoft.Extensions.Logging;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Operations.Audit;
using RiskAlerts.Core.Registrations;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Core.Privacy;

/// <summary>
/// Erases an enterprise at its request (an admin acts for it): the registry record with its contacts
/// and preferences, its consent events, its broadcast index rows, its opt-outs, its acknowledgements
/// and its numbers in the SMS daily counts are deleted; its delivery rows stay, each address replaced
/// by its keyed hash (<see cref="AddressPseudonymiser"/>), so past warnings' evidence still counts them.
/// A record of the erasure (code, time, admin, counts) is kept, and the erasure is in the operators'
/// audit trail with the reason.
/// </summary>
/// <remarks>
/// The steps run so that an erasure cut short is finished by the next: the index rows go first (no
/// new warning plans the enterprise), then the rows that need the addresses the registry record holds,
/// and the record itself last. Erasing again re-reads the delivery rows, pseudonymises any a planning
/// running at the time of the first erasure wrote after it, and answers the first erasure's record.
/// Without a pseudonym key nothing is done at all: deleting the rows instead would take them out of
/// evidence, and keeping the addresses is what erasure must not do.
/// </remarks>
public sealed class EraseEnterpriseHandler(
    IEnterpriseRegistry registry,
    IEnterpriseErasureStore erasures,
    DeliveryErasure deliveryErasure,
    AddressPseudonymiser pseudonymiser,
    IOperatorAuditTrail audit,
    TimeProvider timeProvider,
    ILogger<EraseEnterpriseHandler> logger)
{
    /// <summary>The longest reason an admin may give.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>Erases the enterprise, or answers the record of its earlier erasure.</summary>
    /// <exception cref="RequestValidationException">The code is malformed or the reason missing or too long.</exception>
    /// <exception cref="EnterpriseNotRegisteredException">The enterprise was never registered.</exception>
    /// <exception cref="PseudonymKeyMissingException">No pseudonym key is configured; nothing was changed.</exception>
    public async Task<EnterpriseErasure> HandleAsync(Principal principal, string? uscc, string? reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var code = Validate(uscc, reason);
        var current = await registry.FindAsync(code, cancellationToken);
        var earlier = current is null ? await erasures.FindAsync(code.Value, cancellationToken) : null;
        if (current is null && earlier is null)
        {
            throw new EnterpriseNotRegisteredException(code);
        }

        if (!pseudonymiser.IsConfigured)
        {
            throw new PseudonymKeyMissingException();
        }

        if (current is not null)
        {
            await erasures.RemoveFromIndexAsync(code.Value, cancellationToken);
        }

        var deliveries = await deliveryErasure.ForgetAsync(code.Value, contactId: null, cancellationToken);
        await erasures.DeleteOptOutsAsync(code.Value, addresses: null, cancellationToken);
        if (earlier is not null)
        {
            logger.LogInformation("Enterprise {Uscc} was erased at {ErasedAt}; erasing again by {Principal} changed {Rows} delivery rows", code, earlier.ErasedAt, principal.Name, deliveries.Changed);
            return earlier;
        }

        var erasure = new EnterpriseErasure(code.Value, timeProvider.GetUtcNow(), principal.Name, current!.Subscriber.Contacts.Count, deliveries.Total);
        await erasures.EraseRegistrationAsync(erasure, cancellationToken);
        logger.LogWarning("Enterprise {Uscc} erased by {Principal}: {Contacts} contacts, {Rows} delivery rows pseudonymised", code, principal.Name, erasure.Contacts, erasure.Deliveries);
        await audit.RecordAsync(
            new AuditEntry(erasure.ErasedAt, principal.Name, AuditActions.EnterpriseErase, code.Value, $"{PersonalDataMask.MaskText(reason!.Trim())} ({erasure.Contacts} contacts erased, {erasure.Deliveries} delivery rows pseudonymised)"),
            CancellationToken.None);
        return erasure;
    }

    /// <summary>Checks the code and the reason together, so a refused request reports both and writes nothing.</summary>
    public static UnifiedSocialCreditCode Validate(string? uscc, string? reason)
    {
        var errors = new FieldErrors();
        if (!UnifiedSocialCreditCode.TryParse(uscc, out var code, out var why))
        {
            errors.Add("uscc", FieldErrorCode.Malformed, why);
        }

        AddReasonErrors(errors, reason);
        errors.ThrowIfAny();
        return code;
    }

    /// <summary>The reason an erasure must give: its request, its reference.</summary>
    internal static void AddReasonErrors(FieldErrors errors, string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxReasonLength)
        {
            errors.Add(
                "reason",
                string.IsNullOrWhiteSpace(reason) ? FieldErrorCode.Required : FieldErrorCode.TooLong,
                $"is required, at most {MaxReasonLength} characters: say why the enterprise is erased (its request, its reference)",
                MaxReasonLength);
        }
    }
}

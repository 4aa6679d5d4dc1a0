using RiskAlerts.Core.Privacy;

namespace RiskAlerts.Functions.Enterprises;

/// <summary>Body of <c>POST /api/enterprises/{uscc}/erase</c> and of a contact's erase.</summary>
/// <param name="Reason">Why: the enterprise's request and its reference; at most 500 characters, kept in the audit trail.</param>
public sealed record EraseRequest(string? Reason);

/// <summary>What an erasure did; a second erasure answers the first one's record.</summary>
/// <param name="Uscc">The enterprise.</param>
/// <param name="ErasedAt">When it was erased.</param>
/// <param name="ErasedBy">The admin who erased it.</param>
/// <param name="Contacts">How many contacts were erased.</param>
/// <param name="Deliveries">How many delivery rows to it were pseudonymised; they still count in evidence.</param>
public sealed record EnterpriseErasureResponse(string Uscc, DateTimeOffset ErasedAt, string ErasedBy, int Contacts, int Deliveries)
{
    public static EnterpriseErasureResponse From(EnterpriseErasure erasure)
    {
        ArgumentNullException.ThrowIfNull(erasure);
        return new(erasure.Uscc, erasure.ErasedAt, erasure.ErasedBy, erasure.Contacts, erasure.Deliveries);
    }
}

/// <summary>What a contact's erasure did; a second erasure answers the first one's record.</summary>
/// <param name="Uscc">The enterprise.</param>
/// <param name="ContactId">The contact erased.</param>
/// <param name="ErasedAt">When.</param>
/// <param name="ErasedBy">The admin who erased it.</param>
/// <param name="Deliveries">How many delivery rows to it were pseudonymised; they still count in evidence.</param>
public sealed record ContactErasureResponse(string Uscc, string ContactId, DateTimeOffset ErasedAt, string ErasedBy, int Deliveries)
{
    public static ContactErasureResponse From(ContactErasure erasure)
    {
        ArgumentNullException.ThrowIfNull(erasure);
        return new(erasure.Uscc, erasure.ContactId, erasure.ErasedAt, erasure.ErasedBy, erasure.Deliveries);
    }
}

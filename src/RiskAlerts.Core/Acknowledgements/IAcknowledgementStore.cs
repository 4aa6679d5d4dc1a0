namespace RiskAlerts.Core.Acknowledgements;

/// <summary>The acknowledgements of each warning: at most one per contact (and one per enterprise without a contact).</summary>
public interface IAcknowledgementStore
{
    /// <summary>Records an acknowledgement unless its contact acknowledged the warning before.</summary>
    /// <returns>The stored acknowledgement (the earlier one, when there was one) and whether this call added it.</returns>
    Task<AcknowledgementResult> AddAsync(Acknowledgement acknowledgement, CancellationToken cancellationToken = default);

    /// <summary>Every acknowledgement of a warning (one partition query).</summary>
    Task<IReadOnlyList<Acknowledgement>> ListAsync(string warningId, CancellationToken cancellationToken = default);

    /// <summary>The acknowledgements of a warning by one enterprise (one range query).</summary>
    Task<IReadOnlyList<Acknowledgement>> ListAsync(string warningId, string uscc, CancellationToken cancellationToken = default);
}

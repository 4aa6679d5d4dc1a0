namespace RiskAlerts.Core.Deliveries.Summary;

/// <summary>One page of a warning's delivery rows (addresses are masked by whoever shows them).</summary>
public sealed class ListDeliveriesHandler(IDeliveryStore deliveries)
{
    /// <summary>Largest page.</summary>
    public const int MaxPageSize = 1_000;

    /// <summary>The page.</summary>
    public Task<DeliveryPage> HandleAsync(DeliveryQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return deliveries.ListAsync(query with { PageSize = Math.Clamp(query.PageSize, 1, MaxPageSize) }, cancellationToken);
    }
}

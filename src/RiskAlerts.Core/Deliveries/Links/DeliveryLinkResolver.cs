using RiskAlerts.Core.Warnings;

namespace RiskAlerts.Core.Deliveries.Links;

/// <summary>The delivery a signed link names, with its warning.</summary>
/// <param name="DeliveryId">The delivery id the link carried: <c>{partitionKey}:{rowKey}</c>.</param>
/// <param name="Delivery">The delivery's row.</param>
/// <param name="Warning">The warning it carried.</param>
public sealed record LinkedDelivery(string DeliveryId, DeliveryRecord Delivery, Warning Warning);

/// <summary>A link whose token does not sign its delivery, or whose delivery or warning no longer exists.</summary>
public sealed class InvalidDeliveryLinkException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InvalidDeliveryLinkException()
        : this("This link is not valid.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public InvalidDeliveryLinkException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public InvalidDeliveryLinkException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Resolves the <c>delivery</c> and <c>token</c> of an acknowledge or unsubscribe link: the token is
/// checked first (nothing is read for a forged link), then the row is read (one point query) and its warning.
/// </summary>
public sealed class DeliveryLinkResolver(DeliveryLinks links, IDeliveryStore deliveries, IWarningStore warnings)
{
    /// <summary>The delivery and warning the link names.</summary>
    /// <exception cref="InvalidDeliveryLinkException">The token is wrong, or the delivery or warning is gone.</exception>
    public async Task<LinkedDelivery> ResolveAsync(string? deliveryId, string? token, CancellationToken cancellationToken = default)
    {
        if (!links.IsValidToken(deliveryId, token))
        {
            throw new InvalidDeliveryLinkException();
        }

        var colon = deliveryId!.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == deliveryId.Length - 1)
        {
            throw new InvalidDeliveryLinkException();
        }

        var partitionKey = deliveryId[..colon];
        var rowKey = deliveryId[(colon + 1)..];
        var row = (await deliveries.ReadRangeAsync(partitionKey, rowKey, rowKey, cancellationToken)).SingleOrDefault()
            ?? throw new InvalidDeliveryLinkException("The delivery this link belongs to is no longer kept.");
        var warning = await warnings.FindAsync(row.WarningId, cancellationToken)
            ?? throw new InvalidDeliveryLinkException("The warning this link belongs to is no longer kept.");
        return new LinkedDelivery(deliveryId, row, warning);
    }
}

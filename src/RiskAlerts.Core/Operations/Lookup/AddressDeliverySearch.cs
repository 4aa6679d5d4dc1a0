using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Privacy;
using RiskAlerts.Core.Warnings;

namespace RiskAlerts.Core.Operations.Lookup;

/// <summary>One delivery to the address, with the warning it carried.</summary>
public sealed record AddressDelivery(Warning Warning, DeliveryRecord Delivery);

/// <summary>The deliveries found, newest warning first, and how many warnings were searched.</summary>
public sealed record AddressDeliveries(int WarningsSearched, IReadOnlyList<AddressDelivery> Deliveries);

/// <summary>
/// The deliveries to one phone number or email address over the warnings accepted since a time:
/// what an operator looks up, and which message an SMS reply answers.
/// </summary>
/// <remarks>
/// Delivery rows are keyed by warning, not by address, so the search runs one single-partition
/// query per warning accepted in the window (a row sits in its address's shard). That is cheap for
/// the tens of warnings a day this product sees; an address index would be the next step if it ever is not.
/// </remarks>
public sealed class AddressDeliverySearch(IWarningStore warnings, IDeliveryStore deliveries, AddressPseudonymiser pseudonymiser)
{
    private const int WarningsAtOnce = 8;
    private const int MaxWarnings = 5_000;

    /// <summary>The deliveries on <paramref name="channel"/> to <paramref name="address"/> (normalised) of the warnings accepted since <paramref name="since"/>.</summary>
    public async Task<AddressDeliveries> FindAsync(Channel channel, string address, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(address);
        // Rows pseudonymised (erasure, retention) carry the keyed hash of this address instead.
        var pseudonym = pseudonymiser.PseudonymOrNull(channel, address);
        var searched = await warnings.ListAcceptedSinceAsync(since, submittedBy: null, MaxWarnings, cancellationToken);
        var found = new List<AddressDelivery>[searched.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, searched.Count),
            new ParallelOptions { MaxDegreeOfParallelism = WarningsAtOnce, CancellationToken = cancellationToken },
            async (i, token) => found[i] = [.. (await deliveries.FindByAddressAsync(searched[i].Id, channel, address, pseudonym, token)).Select(d => new AddressDelivery(searched[i], d))]);

        var result = found.SelectMany(f => f).OrderByDescending(d => d.Warning.AcceptedAt).ThenBy(d => d.Delivery.RowKey, StringComparer.Ordinal).ToList();
        return new AddressDeliveries(searched.Count, result);
    }
}

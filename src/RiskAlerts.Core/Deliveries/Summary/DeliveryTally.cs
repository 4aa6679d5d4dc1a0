namespace RiskAlerts.Core.Deliveries.Summary;

/// <summary>
/// Delivery counts folded into what an operator asks of them: how many got through, how many did
/// not, how many are still on their way. Suppressed rows (opt-out, daily cap) were deliberately not
/// sent; they count as settled but in neither the successes nor the failures of a success rate.
/// </summary>
/// <param name="Succeeded">Sent or delivered.</param>
/// <param name="Failed">Failed, undelivered or expired.</param>
/// <param name="Suppressed">Deliberately not sent.</param>
/// <param name="Pending">Planned or being sent.</param>
/// <param name="Unknown">
/// In flight at a provider that cannot be asked twice when their sender stopped: settled, and in
/// neither side of a success rate, shown apart from failures until a receipt tells.
/// </param>
public readonly record struct DeliveryTally(int Succeeded, int Failed, int Suppressed, int Pending, int Unknown = 0)
{
    /// <summary>Rows in all.</summary>
    public int Total => Succeeded + Failed + Suppressed + Pending + Unknown;

    /// <summary>Rows that will not change any more, short of a receipt turning Sent into Delivered or Undelivered.</summary>
    public int Settled => Total - Pending;

    /// <summary>Succeeded over succeeded plus failed; null while nothing has either.</summary>
    public double? SuccessRate => Succeeded + Failed == 0 ? null : (double)Succeeded / (Succeeded + Failed);

    /// <summary>Settled as a whole percentage of the total (rounded down, so 100 means every row); 0 without rows.</summary>
    public int PercentSettled => Total == 0 ? 0 : (int)(Settled * 100L / Total);

    /// <summary>The tally of counts by status.</summary>
    public static DeliveryTally Of(IReadOnlyDictionary<DeliveryStatus, int> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        int succeeded = 0, failed = 0, suppressed = 0, pending = 0, unknown = 0;
        foreach (var (status, count) in counts)
        {
            switch (status)
            {
                case DeliveryStatus.Sent or DeliveryStatus.Delivered:
                    succeeded += count;
                    break;
                case DeliveryStatus.Failed or DeliveryStatus.Undelivered or DeliveryStatus.Expired:
                    failed += count;
                    break;
                case DeliveryStatus.Suppressed:
                    suppressed += count;
                    break;
                case DeliveryStatus.Unknown:
                    unknown += count;
                    break;
                default:
                    pending += count;
                    break;
            }
        }

        return new DeliveryTally(succeeded, failed, suppressed, pending, unknown);
    }

    /// <summary>The sum of two tallies.</summary>
    public static DeliveryTally operator +(DeliveryTally left, DeliveryTally right) =>
        new(left.Succeeded + right.Succeeded, left.Failed + right.Failed, left.Suppressed + right.Suppressed, left.Pending + right.Pending, left.Unknown + right.Unknown);

    /// <summary>The sum of two tallies (named alternative to the operator).</summary>
    public static DeliveryTally Add(DeliveryTally left, DeliveryTally right) => left + right;
}

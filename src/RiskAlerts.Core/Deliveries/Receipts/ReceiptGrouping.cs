namespace RiskAlerts.Core.Deliveries.Receipts;

/// <summary>
/// When a partition's queued receipts are written, and which of them go into one transaction.
/// </summary>
public static class ReceiptGrouping
{
    /// <summary>Rows in one Table transaction (entity group transaction).</summary>
    public const int MaxGroupSize = 100;

    /// <summary>
    /// How long to wait before writing <paramref name="queued"/> receipts; zero to write now. A full
    /// group goes at once; a partial one waits until no receipt has arrived anywhere for
    /// <paramref name="linger"/> (the storm is over, or there was none) or its oldest receipt has
    /// waited <paramref name="maxHold"/> (arrivals that never pause).
    /// </summary>
    /// <param name="queued">Receipts queued for the partition.</param>
    /// <param name="sinceLastArrival">Since any receipt arrived, for any partition.</param>
    /// <param name="sinceOldest">Since the partition's oldest queued receipt arrived.</param>
    /// <param name="linger">The pause in arrivals that ends a wait.</param>
    /// <param name="maxHold">The longest a receipt waits.</param>
    public static TimeSpan WaitBeforeWrite(int queued, TimeSpan sinceLastArrival, TimeSpan sinceOldest, TimeSpan linger, TimeSpan maxHold)
    {
        if (queued <= 0 || queued >= MaxGroupSize)
        {
            return TimeSpan.Zero;
        }

        var untilIdle = linger - sinceLastArrival;
        var untilHeld = maxHold - sinceOldest;
        var wait = untilIdle < untilHeld ? untilIdle : untilHeld;
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    /// <summary>
    /// The positions, in queue order, of the receipts one transaction takes: as many as name at most
    /// <see cref="MaxGroupSize"/> distinct (message id, number) pairs. A repeat of a pair already
    /// taken rides along, since it can change no further row.
    /// </summary>
    public static IReadOnlyList<int> Take(IReadOnlyList<SmsReceipt> queued)
    {
        ArgumentNullException.ThrowIfNull(queued);
        var keys = new HashSet<(string, string)>();
        var taken = new List<int>();
        for (var i = 0; i < queued.Count; i++)
        {
            var key = (queued[i].ProviderMessageId, queued[i].Phone);
            if (keys.Contains(key) || keys.Count < MaxGroupSize)
            {
                keys.Add(key);
                taken.Add(i);
            }
        }

        return taken;
    }
}

namespace RiskAlerts.Core.Deliveries.Send;

/// <summary>Counts SMS per number per China-local day, so one number is not flooded (providers and regulators limit it).</summary>
public interface ISmsDailyCounter
{
    /// <summary>
    /// Counts warning <paramref name="warningId"/> for each number that is still under
    /// <paramref name="cap"/> warnings on <paramref name="day"/> and returns the numbers that are
    /// not (which must not be sent to). Counting the same warning for a number again changes
    /// nothing, so a redelivered batch does not count twice. A reservation is kept even if the
    /// send then fails: the cap errs on the side of fewer messages.
    /// </summary>
    Task<IReadOnlySet<string>> ReserveAsync(string warningId, IReadOnlyCollection<string> phones, DateOnly day, int cap, CancellationToken cancellationToken = default);
}

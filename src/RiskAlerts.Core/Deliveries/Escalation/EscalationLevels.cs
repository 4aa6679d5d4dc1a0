using RiskAlerts.Core.Matching;

namespace RiskAlerts.Core.Deliveries.Escalation;

/// <summary>
/// Who of one enterprise's recipients a warning reaches at each step, by contact precedence (lowest
/// first; contacts of equal precedence are reached together): first the lowest precedence, at step 1
/// the next one, at <see cref="LastStep"/> every contact not reached yet. Pure.
/// </summary>
public static class EscalationLevels
{
    /// <summary>The step that reaches every remaining contact; no step follows it.</summary>
    public const int LastStep = 2;

    /// <summary>The distinct precedences of the recipients, lowest first.</summary>
    public static int[] Of(IEnumerable<MatchedRecipient> recipients) =>
        [.. recipients.Select(r => r.Precedence).Distinct().Order()];

    /// <summary>The recipients of one enterprise reached at <paramref name="step"/> (0: the first delivery).</summary>
    public static IEnumerable<MatchedRecipient> At(IReadOnlyList<MatchedRecipient> recipients, int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(step, LastStep);
        var levels = Of(recipients);
        if (step >= levels.Length)
        {
            return [];
        }

        var precedence = levels[step];
        return step == LastStep
            ? recipients.Where(r => r.Precedence >= precedence)
            : recipients.Where(r => r.Precedence == precedence);
    }

    /// <summary>Whether a step after <paramref name="step"/> would reach anyone more.</summary>
    public static bool HasStepAfter(IReadOnlyList<MatchedRecipient> recipients, int step) =>
        step < LastStep && Of(recipients).Length > step + 1;
}

/// <summary>
/// Collects the enterprises of a plan that escalate into first-step checks of at most
/// <see cref="MaxEnterprises"/> enterprises with one due time. Deterministic like the
/// <see cref="Plan.DeliveryChunker"/>: the same enterprises in the same order give the same
/// checks and message ids, so a planner run again schedules nothing twice.
/// </summary>
public sealed class EscalationBatcher(string warningId, TimeSpan window)
{
    /// <summary>Enterprises per check: one message, and the acknowledgement reads of one handler run.</summary>
    public const int MaxEnterprises = 100;

    private readonly Dictionary<DateTimeOffset, (int Number, List<string> Enterprises)> _open = [];
    private int _numbers;

    /// <summary>The warning's escalation window.</summary>
    public TimeSpan Window => window;

    /// <summary>Takes one enterprise due at <paramref name="dueAt"/>; returns the check it completed, if it did.</summary>
    public EscalationBatch? Add(string uscc, DateTimeOffset dueAt)
    {
        if (!_open.TryGetValue(dueAt, out var open))
        {
            open = (_numbers++, []);
            _open[dueAt] = open;
        }

        open.Enterprises.Add(uscc);
        if (open.Enterprises.Count < MaxEnterprises)
        {
            return null;
        }

        _open.Remove(dueAt);
        return Close(dueAt, open);
    }

    /// <summary>The checks still open, in a stable order; the batcher is empty afterwards.</summary>
    public IReadOnlyList<EscalationBatch> Flush()
    {
        var rest = _open.OrderBy(p => p.Value.Number).Select(p => Close(p.Key, p.Value)).ToList();
        _open.Clear();
        return rest;
    }

    private EscalationBatch Close(DateTimeOffset dueAt, (int Number, List<string> Enterprises) open) =>
        new(EscalationBatch.FirstMessageId(warningId, open.Number), warningId, 1, window, dueAt, [.. open.Enterprises.Order(StringComparer.Ordinal)]);
}

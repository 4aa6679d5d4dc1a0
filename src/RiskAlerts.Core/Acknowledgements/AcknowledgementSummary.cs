namespace RiskAlerts.Core.Acknowledgements;

/// <summary>One enterprise that acknowledged a warning, with each acknowledgement (per contact) in time order.</summary>
/// <param name="Uscc">The enterprise.</param>
/// <param name="Acknowledgements">Its acknowledgements, first first.</param>
public sealed record EnterpriseAcknowledgement(string Uscc, IReadOnlyList<Acknowledgement> Acknowledgements)
{
    /// <summary>The first acknowledgement: when the enterprise knew.</summary>
    public Acknowledgement First => Acknowledgements[0];
}

/// <summary>A warning's acknowledgements by enterprise: who acknowledged, and who of those it reached did not.</summary>
/// <param name="Enterprises">Enterprises the warning reached (with a delivery row), or acknowledged it.</param>
/// <param name="Acknowledged">The enterprises that acknowledged, in credit-code order.</param>
/// <param name="NotAcknowledged">The enterprises reached that did not, in credit-code order.</param>
public sealed record AcknowledgementSummary(int Enterprises, IReadOnlyList<EnterpriseAcknowledgement> Acknowledged, IReadOnlyList<string> NotAcknowledged)
{
    /// <summary>The summary of the acknowledgements of a warning that reached <paramref name="reached"/>.</summary>
    public static AcknowledgementSummary Of(IEnumerable<string> reached, IEnumerable<Acknowledgement> acknowledgements)
    {
        ArgumentNullException.ThrowIfNull(reached);
        ArgumentNullException.ThrowIfNull(acknowledgements);
        var acknowledged = acknowledgements
            .GroupBy(a => a.Uscc, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new EnterpriseAcknowledgement(g.Key, [.. g.OrderBy(a => a.At).ThenBy(a => a.ContactId, StringComparer.Ordinal)]))
            .ToList();
        var acknowledgedCodes = acknowledged.Select(a => a.Uscc).ToHashSet(StringComparer.Ordinal);
        var reachedCodes = reached.ToHashSet(StringComparer.Ordinal);
        var notAcknowledged = reachedCodes.Where(c => !acknowledgedCodes.Contains(c)).Order(StringComparer.Ordinal).ToList();
        return new AcknowledgementSummary(reachedCodes.Union(acknowledgedCodes, StringComparer.Ordinal).Count(), acknowledged, notAcknowledged);
    }
}

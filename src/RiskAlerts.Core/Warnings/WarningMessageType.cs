namespace RiskAlerts.Core.Warnings;

/// <summary>CAP 1.2 <c>msgType</c>: what a warning is to the warnings before it.</summary>
public enum WarningMessageType
{
    /// <summary>A warning of its own: it is matched to its audience.</summary>
    Alert,

    /// <summary>
    /// Replaces an earlier warning (new text, severity, expiry or area): everyone the earlier
    /// versions were sent to hears the correction, and recipients that newly match hear it as a warning.
    /// </summary>
    Update,

    /// <summary>Calls an earlier warning off: only those the earlier versions were sent to hear it.</summary>
    Cancel,
}

/// <summary>
/// One earlier warning an Update or Cancel refers to (CAP <c>references</c>: sender, identifier, sent),
/// with the headline it carried, which the correction's wording names.
/// </summary>
/// <param name="Id">The earlier warning's id.</param>
/// <param name="Headline">Its headline.</param>
/// <param name="AcceptedAt">When it was accepted (CAP <c>sent</c>).</param>
public sealed record WarningReference(string Id, string Headline, DateTimeOffset AcceptedAt);

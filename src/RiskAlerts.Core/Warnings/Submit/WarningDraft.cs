using RiskAlerts.Core.Alerts;

namespace RiskAlerts.Core.Warnings.Submit;

/// <summary>A submitted warning that passed validation, not yet given an id or stored.</summary>
public sealed record WarningDraft(
    string Headline,
    string Description,
    string? Instruction,
    WarningAudience Audience,
    Urgency Urgency,
    Certainty Certainty,
    DateTimeOffset EffectiveAt,
    DateTimeOffset ExpiresAt,
    string Language,
    string? ExternalId);

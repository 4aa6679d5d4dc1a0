using RiskAlerts.Core.Alerts;

namespace RiskAlerts.Core.Warnings;

/// <summary>A risk warning as accepted at the front door, with where it stands in its lifecycle.</summary>
public sealed record Warning
{
    public required string Id { get; init; }

    /// <summary><c>analyst</c> for the anti-fraud centre's own warnings, else the submitting platform's name.</summary>
    public required string Source { get; init; }

    /// <summary>Code of the issuing organisation (CAP <c>sender</c>): only its principals may see and act on the warning.</summary>
    public required string Organisation { get; init; }

    /// <summary>The issuing organisation's name when the warning was accepted (CAP <c>senderName</c>): what SMS and email say it is from.</summary>
    public required string OrganisationName { get; init; }

    /// <summary>The source's own id for the warning (platform signals); null for analysts' warnings.</summary>
    public string? ExternalId { get; init; }

    public required string Headline { get; init; }

    public required string Description { get; init; }

    /// <summary>What the recipient should do (CAP <c>instruction</c>).</summary>
    public string? Instruction { get; init; }

    /// <summary>Who is targeted, and the category and severity that subscriptions filter on.</summary>
    public required WarningAudience Audience { get; init; }

    public required Urgency Urgency { get; init; }

    public required Certainty Certainty { get; init; }

    public required DateTimeOffset EffectiveAt { get; init; }

    /// <summary>After this instant nothing more is delivered (and Service Bus drops what still waits).</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>BCP 47 language tag of the text, e.g. <c>zh-CN</c>.</summary>
    public required string Language { get; init; }

    public required WarningStatus Status { get; init; }

    public required DateTimeOffset AcceptedAt { get; init; }

    /// <summary>Who submitted it: the principal's name.</summary>
    public required string SubmittedBy { get; init; }

    /// <summary>When the <c>warnings</c> queue took the warning; null until then, which the outbox sweep looks for.</summary>
    public DateTimeOffset? PublishedAt { get; init; }

    public DateTimeOffset? RetractedAt { get; init; }

    public string? RetractedBy { get; init; }

    public string? RetractionReason { get; init; }

    /// <summary>Why the warning waits for approval (or waited, once decided); null when it needed none.</summary>
    public string? HeldBecause { get; init; }

    /// <summary>CAP <c>msgType</c>: an Alert of its own, or an Update or Cancel of the warnings in <see cref="References"/>.</summary>
    public WarningMessageType MessageType { get; init; } = WarningMessageType.Alert;

    /// <summary>The earlier versions an Update or Cancel follows, oldest first (the last is the one it replaces); empty for an Alert.</summary>
    public IReadOnlyList<WarningReference> References { get; init; } = [];

    /// <summary>The Update or Cancel that replaced this warning, once planned; null while it stands.</summary>
    public string? SupersededBy { get; init; }

    /// <summary>Every step of the warning's life with who took it and when: the audit trail, oldest first.</summary>
    public IReadOnlyList<WarningStep> Trail { get; init; } = [];

    public string Category => Audience.Category;

    public Severity Severity => Audience.Severity;

    /// <summary>CAP <c>status</c>: Actual, or an Exercise or Test that reaches only exercise participants.</summary>
    public CapStatus CapStatus => Audience.CapStatus;

    /// <summary>True when the status is final: retracted or cancelled, replaced by an update, rejected or expired.</summary>
    public bool IsFinal => Status is WarningStatus.Cancelled or WarningStatus.Expired or WarningStatus.Rejected or WarningStatus.Superseded;

    /// <summary>True for an Update or Cancel of earlier warnings.</summary>
    public bool IsFollowUp => MessageType != WarningMessageType.Alert;

    /// <summary>True once nothing more may be sent: retracted, rejected, or past its expiry at <paramref name="now"/>.</summary>
    public bool IsClosedFor(DateTimeOffset now) => IsFinal || now >= ExpiresAt;

    /// <summary>The warning with one more step in its trail.</summary>
    public Warning WithStep(WarningStepKind kind, string by, DateTimeOffset at, string? note = null) =>
        this with { Trail = [.. Trail, new WarningStep(kind, by, at, note)] };
}

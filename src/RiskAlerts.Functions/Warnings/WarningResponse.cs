using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Warnings;

namespace RiskAlerts.Functions.Warnings;

/// <summary>A warning as the API shows it.</summary>
public sealed record WarningResponse
{
    public required string Id { get; init; }

    public required string Source { get; init; }

    public string? ExternalId { get; init; }

    /// <summary>Code of the issuing organisation.</summary>
    public required string Organisation { get; init; }

    /// <summary>Name of the issuing organisation, as recipients read it.</summary>
    public required string OrganisationName { get; init; }

    public required string Category { get; init; }

    public required string Headline { get; init; }

    public required string Description { get; init; }

    public string? Instruction { get; init; }

    public required Severity Severity { get; init; }

    public required Urgency Urgency { get; init; }

    public required Certainty Certainty { get; init; }

    /// <summary>CAP <c>status</c>: Actual, Exercise or Test (the last two reach only exercise participants).</summary>
    public required CapStatus CapStatus { get; init; }

    public required IReadOnlyList<string> Regions { get; init; }

    public required IReadOnlyList<string> Industries { get; init; }

    public required IReadOnlyList<string> Targets { get; init; }

    public required IReadOnlyList<string> Channels { get; init; }

    public required DateTimeOffset EffectiveAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public required string Language { get; init; }

    public required WarningStatus Status { get; init; }

    public required DateTimeOffset AcceptedAt { get; init; }

    public required string SubmittedBy { get; init; }

    public DateTimeOffset? PublishedAt { get; init; }

    public DateTimeOffset? RetractedAt { get; init; }

    public string? RetractedBy { get; init; }

    public string? RetractionReason { get; init; }

    /// <summary>Why the warning waits (or waited) for approval.</summary>
    public string? HeldBecause { get; init; }

    /// <summary>Every step with who took it and when, oldest first.</summary>
    public required IReadOnlyList<WarningStepResponse> Trail { get; init; }

    /// <summary>CAP <c>msgType</c>: Alert, or an Update or Cancel of the warnings in <see cref="References"/>.</summary>
    public required WarningMessageType MessageType { get; init; }

    /// <summary>The earlier versions an Update or Cancel follows, oldest first; empty for an Alert.</summary>
    public required IReadOnlyList<WarningReference> References { get; init; }

    /// <summary>The Update or Cancel that replaced this warning, once planned.</summary>
    public string? SupersededBy { get; init; }

    public static WarningResponse From(Warning warning) => new()
    {
        Id = warning.Id,
        Source = warning.Source,
        ExternalId = warning.ExternalId,
        Organisation = warning.Organisation,
        OrganisationName = warning.OrganisationName,
        Category = warning.Category,
        Headline = warning.Headline,
        Description = warning.Description,
        Instruction = warning.Instruction,
        Severity = warning.Severity,
        Urgency = warning.Urgency,
        Certainty = warning.Certainty,
        CapStatus = warning.CapStatus,
        Regions = [.. warning.Audience.Regions.Select(r => r.ToString())],
        Industries = [.. warning.Audience.Industries.Select(i => i.ToString())],
        Targets = [.. warning.Audience.ExplicitTargets.Select(t => t.Value)],
        Channels = [.. warning.Audience.Channels.Select(c => c.ToWireName())],
        EffectiveAt = warning.EffectiveAt,
        ExpiresAt = warning.ExpiresAt,
        Language = warning.Language,
        Status = warning.Status,
        AcceptedAt = warning.AcceptedAt,
        SubmittedBy = warning.SubmittedBy,
        PublishedAt = warning.PublishedAt,
        RetractedAt = warning.RetractedAt,
        RetractedBy = warning.RetractedBy,
        RetractionReason = warning.RetractionReason,
        HeldBecause = warning.HeldBecause,
        Trail = [.. warning.Trail.Select(s => new WarningStepResponse(s.Kind, s.By, s.At, s.Note))],
        MessageType = warning.MessageType,
        References = warning.References,
        SupersededBy = warning.SupersededBy,
    };
}

/// <summary>A page of warnings; follow <see cref="ContinuationToken"/> for the next.</summary>
public sealed record WarningListResponse(IReadOnlyList<WarningResponse> Items, string? ContinuationToken);

/// <summary>Body of <c>POST /api/warnings/{id}/retract</c>.</summary>
public sealed record RetractWarningRequest(string? Reason);

/// <summary>Body of <c>POST /api/warnings/{id}/cancel</c>: why the warning is called off (what its recipients read).</summary>
public sealed record CancelWarningRequest(string? Reason);

/// <summary>Body of <c>POST /api/warnings/{id}/approve</c> (reason optional) and <c>/reject</c> (reason required).</summary>
public sealed record WarningDecisionRequest(string? Reason);

/// <summary>One step of a warning's audit trail.</summary>
public sealed record WarningStepResponse(WarningStepKind Kind, string By, DateTimeOffset At, string? Note);

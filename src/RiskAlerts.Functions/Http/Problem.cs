using System.Text.Json.Serialization;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Functions.Http;

/// <summary>RFC 9457 problem details, with the field errors of a validation failure.</summary>
public sealed record Problem
{
    public string Type { get; init; } = "about:blank";

    public required string Title { get; init; }

    public required int Status { get; init; }

    /// <summary>The kind of refusal, stable for machines; <see cref="Title"/> says it for people.</summary>
    public required ProblemCode Code { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Detail { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Instance { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<FieldError>? Errors { get; init; }
}

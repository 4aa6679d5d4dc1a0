using RiskAlerts.Core.Signals;
using RiskAlerts.Core.Validation;
using RiskAlerts.Core.Warnings.Submit;

namespace RiskAlerts.Functions.Signals;

/// <summary>Body of <c>POST /api/signals</c>: up to 500 signals, each with the platform's external id.</summary>
public sealed record SignalBatchRequest(IReadOnlyList<SubmitWarningCommand?>? Items);

/// <summary>A result per signal, in the order sent, and the totals.</summary>
public sealed record SignalBatchResponse(int Accepted, int Duplicates, int Rejected, IReadOnlyList<SignalResultResponse> Results)
{
    public static SignalBatchResponse From(IReadOnlyList<SignalResult> results) => new(
        results.Count(r => r.Outcome == SignalOutcome.Accepted),
        results.Count(r => r.Outcome == SignalOutcome.Duplicate),
        results.Count(r => r.Outcome == SignalOutcome.Rejected),
        [.. results.Select((r, i) => new SignalResultResponse(i, r.ExternalId, r.Outcome, r.WarningId, r.Errors))]);
}

/// <summary>What became of the signal at <see cref="Index"/>.</summary>
public sealed record SignalResultResponse(int Index, string? ExternalId, SignalOutcome Outcome, string? WarningId, IReadOnlyList<FieldError>? Errors);

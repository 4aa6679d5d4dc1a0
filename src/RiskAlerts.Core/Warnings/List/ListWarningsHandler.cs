using RiskAlerts.Core.Security;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Core.Warnings.List;

/// <summary>Lists warnings, a page at a time. Platforms see only what they submitted.</summary>
public sealed class ListWarningsHandler(IWarningStore store)
{
    public const int MaxPageSize = 200;

    public Task<WarningPage> HandleAsync(WarningQuery query, Principal principal, CancellationToken cancellationToken = default)
    {
        if (query.PageSize is < 1 or > MaxPageSize)
        {
            throw RequestValidationException.For("pageSize", FieldErrorCode.OutOfRange, $"must be between 1 and {MaxPageSize}", MaxPageSize);
        }

        if (query.AcceptedFrom is { } from && query.AcceptedTo is { } to && to < from)
        {
            throw RequestValidationException.For("to", FieldErrorCode.OutOfOrder, "must not be before from");
        }

        var scoped = principal.IsInAnyRole([Role.Analyst, Role.Operator, Role.Admin]) ? query : query with { SubmittedBy = principal.Name };
        return store.ListAsync(scoped, cancellationToken);
    }
}

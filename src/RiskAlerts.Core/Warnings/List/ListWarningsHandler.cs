using RiskAlerts.Core.Security;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Core.Warnings.List;

/// <summary>Lists warnings, a page at a time: an organisation's principals see only its warnings (<see cref="WarningAccess"/>).</summary>
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

        return store.ListAsync(WarningAccess.Scope(principal, query), cancellationToken);
    }
}

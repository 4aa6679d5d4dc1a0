using Microsoft.AspNetCore.Http;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Functions.Http;

/// <summary>Query strings are read as strictly as bodies: a misspelt parameter is an error, not ignored.</summary>
public static class QueryParameters
{
    /// <summary>Adds an error for each parameter of <paramref name="query"/> not in <paramref name="known"/>.</summary>
    public static void ReportUnknown(IQueryCollection query, IReadOnlyCollection<string> known, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var unknown in query.Keys.Where(k => !known.Contains(k, StringComparer.Ordinal)))
        {
            errors.Add(unknown, FieldErrorCode.UnknownField, "is not a known query parameter");
        }
    }
}

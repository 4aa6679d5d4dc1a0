using System.Globalization;
using System.Runtime.CompilerServices;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Functions.Http;

/// <summary>
/// Path values are bound as the strings the URL holds and parsed here, after the caller is
/// authenticated. A typed parameter (<c>long</c>, <c>Guid</c>) would be converted by the Functions
/// worker (or a route constraint checked by the host) before the function runs, so a malformed value
/// would answer 500 (or 404) to anyone, credentials or not. <see cref="Hosting.FunctionRouteDiscovery"/>
/// refuses such parameters and constraints at start.
/// </summary>
public static class RouteValue
{
    /// <summary>
    /// A whole number from 0 to <see cref="long.MaxValue"/>, decimal digits only (a Service Bus sequence
    /// number). The error names the path parameter: by default the expression passed, which is the
    /// function's parameter of the same name as the route's.
    /// </summary>
    /// <exception cref="RequestValidationException">The value is not such a number (400 naming <paramref name="parameter"/>).</exception>
    public static long WholeNumber(string? value, [CallerArgumentExpression(nameof(value))] string parameter = "") =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw RequestValidationException.For(parameter, FieldErrorCode.Malformed, $"must be a whole number from 0 to {long.MaxValue.ToString(CultureInfo.InvariantCulture)}, in digits");
}

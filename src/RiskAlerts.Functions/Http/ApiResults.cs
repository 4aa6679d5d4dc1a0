using System.Text.Json.Serialization.Metadata;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Functions.Http;

/// <summary>The few shapes a function answers with.</summary>
public static class ApiResults
{
    public const string ProblemContentType = "application/problem+json";

    public static JsonResult<T> Ok<T>(T value, JsonTypeInfo<T> typeInfo) => new(value, typeInfo, 200);

    public static JsonResult<T> Accepted<T>(T value, JsonTypeInfo<T> typeInfo, string location)
    {
        var result = new JsonResult<T>(value, typeInfo, 202);
        result.Headers["Location"] = location;
        return result;
    }

    public static JsonResult<Problem> Problem(int status, string title, string? detail = null, IReadOnlyList<FieldError>? errors = null, ProblemCode? code = null) =>
        new(
            new Problem { Status = status, Code = code ?? ProblemCodes.ForStatus(status), Title = title, Detail = detail, Errors = errors },
            ApiJsonContext.Default.Problem,
            status,
            ProblemContentType);

    public static JsonResult<Problem> NotFound(string detail) => Problem(404, "Not found", detail);

    public static JsonResult<Problem> Invalid(IReadOnlyList<FieldError> errors) =>
        Problem(400, "The request is not valid.", string.Join("; ", errors.Select(e => $"{e.Field}: {e.Reason}")), errors);
}

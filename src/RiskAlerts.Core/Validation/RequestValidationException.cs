namespace RiskAlerts.Core.Validation;

/// <summary>A request was refused for the listed field errors; the HTTP layer maps it to 400 problem+json.</summary>
public sealed class RequestValidationException : Exception
{
    public RequestValidationException(IReadOnlyList<FieldError> errors)
        : base(errors.Count == 0 ? "The request is not valid." : $"{errors[0].Field}: {errors[0].Reason}")
    {
        Errors = errors;
    }

    public RequestValidationException()
        : this([])
    {
    }

    public RequestValidationException(string message)
        : base(message)
    {
        Errors = [];
    }

    public RequestValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public IReadOnlyList<FieldError> Errors { get; }

    public static RequestValidationException For(string field, string reason) => new([new FieldError(field, reason)]);

    public static RequestValidationException For(string field, FieldErrorCode code, string reason, long? limit = null) =>
        new([new FieldError(field, reason) { Code = code, Limit = limit }]);
}

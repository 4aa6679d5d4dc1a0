namespace RiskAlerts.Core.Validation;

/// <summary>One reason why one field of a request was refused.</summary>
/// <param name="Field">The JSON path of the field as the caller sent it, e.g. <c>contacts[1].mobile</c>.</param>
/// <param name="Reason">A sentence the caller can act on.</param>
public sealed record FieldError(string Field, string Reason)
{
    /// <summary>The reason as a stable code, for clients that say it in their own words.</summary>
    public FieldErrorCode Code { get; init; } = FieldErrorCode.Invalid;

    /// <summary>The bound the value broke, for <see cref="FieldErrorCode.TooLong"/>, <see cref="FieldErrorCode.TooMany"/> and <see cref="FieldErrorCode.OutOfRange"/>.</summary>
    public long? Limit { get; init; }
}

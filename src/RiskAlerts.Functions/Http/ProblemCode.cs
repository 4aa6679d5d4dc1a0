using System.ComponentModel;

namespace RiskAlerts.Functions.Http;

/// <summary>
/// What kind of refusal a problem is, as a machine reads it: stable across releases, so that a
/// client (the console among them) can say it in its own language. New codes may be added.
/// </summary>
public enum ProblemCode
{
    [Description("400: fields of the body, query or path are not valid; `errors` lists each with its own code.")]
    ValidationFailed,

    [Description("401: no valid credentials.")]
    Unauthenticated,

    [Description("403: the caller lacks the role, or acts for another enterprise or organisation.")]
    Forbidden,

    [Description("404: nothing is at this address.")]
    NotFound,

    [Description("409: the change conflicts with the current state.")]
    Conflict,

    [Description("409: the Idempotency-Key was used before for a different request.")]
    IdempotencyKeyReused,

    [Description("409: the warning is closed (completed, cancelled or expired) and cannot change.")]
    WarningClosed,

    [Description("412: If-Match names a version that is no longer current.")]
    PreconditionFailed,

    [Description("413: the body is too large.")]
    PayloadTooLarge,

    [Description("415: the body is not JSON.")]
    UnsupportedMediaType,

    [Description("Any other refusal; `title` and `detail` say which.")]
    Other,
}

/// <summary>The code a problem carries when its producer names none: the one its status means.</summary>
public static class ProblemCodes
{
    public static ProblemCode ForStatus(int status) => status switch
    {
        400 => ProblemCode.ValidationFailed,
        401 => ProblemCode.Unauthenticated,
        403 => ProblemCode.Forbidden,
        404 => ProblemCode.NotFound,
        409 => ProblemCode.Conflict,
        412 => ProblemCode.PreconditionFailed,
        413 => ProblemCode.PayloadTooLarge,
        415 => ProblemCode.UnsupportedMediaType,
        _ => ProblemCode.Other,
    };
}

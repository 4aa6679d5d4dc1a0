using System.ComponentModel;

namespace RiskAlerts.Core.Validation;

/// <summary>
/// Why a field was refused, as a machine reads it: stable across releases, so that a client
/// (the console among them) can say it in its own language. The <see cref="FieldError.Reason"/>
/// sentence says the same for a person reading the raw answer. New codes may be added; existing
/// ones keep their meaning.
/// </summary>
public enum FieldErrorCode
{
    /// <summary>Any other reason; the sentence says which.</summary>
    [Description("Any other reason; `reason` says which.")]
    Invalid,

    [Description("The field is required (or the list needs at least one item).")]
    Required,

    [Description("The text is longer than `limit` characters.")]
    TooLong,

    [Description("The list has more than `limit` items.")]
    TooMany,

    [Description("The value is a number outside the allowed range (up to `limit`).")]
    OutOfRange,

    [Description("The value is not one of the allowed values (a category, severity, channel, status, entity ...).")]
    NotAllowed,

    [Description("The value is not in the expected form (a code, number, date, time, phone number, email address ...).")]
    Malformed,

    [Description("The region code is well formed but not a division of the region catalogue in use.")]
    UnknownRegion,

    [Description("The value appears twice where each must be unique.")]
    Duplicate,

    [Description("The value contradicts another field or the address (e.g. a credit code that differs from the one in the path, or a region that does not contain the registered county).")]
    Mismatch,

    [Description("The time is in the past.")]
    InPast,

    [Description("The time is before the time it must follow (an expiry before the start, `to` before `from`) or too long after it.")]
    OutOfOrder,

    [Description("The body holds a field or the query a parameter that the operation does not know.")]
    UnknownField,

    [Description("The field has the wrong JSON type.")]
    WrongType,

    [Description("The body is not well-formed JSON, or is empty.")]
    MalformedJson,

    [Description("The value was already used for something else (an external id, an idempotency key).")]
    Conflict,

    [Description("The value names nothing that exists: an enterprise that is not registered, a contact it does not have, or a contact with no address on the channel asked for.")]
    NotFound,
}

using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Functions.Http;

/// <summary>
/// Reads a request's query string for a function class, as strictly as a body: a parameter the operation does
/// not know and a value that does not parse are field errors, collected in <see cref="Errors"/> so that one
/// answer names them all (<see cref="FieldErrors.ThrowIfAny"/>). An absent parameter gives its default.
/// </summary>
public sealed class QueryParameters(IQueryCollection query, FieldErrors errors)
{
    /// <summary>Parses a value; false when it is not one.</summary>
    public delegate bool TryParse<T>(string text, out T value);

    /// <summary>The errors found so far.</summary>
    public FieldErrors Errors { get; } = errors ?? throw new ArgumentNullException(nameof(errors));

    /// <summary>Adds an error for each parameter not in <paramref name="known"/>: a misspelt parameter is an error, not ignored.</summary>
    public QueryParameters RejectUnknown(params IReadOnlyCollection<string> known)
    {
        foreach (var unknown in query.Keys.Where(k => !known.Contains(k, StringComparer.Ordinal)))
        {
            Errors.Add(unknown, FieldErrorCode.UnknownField, "is not a known query parameter");
        }

        return this;
    }

    /// <summary>The value as given (empty when given empty); null when absent.</summary>
    public string? Value(string name) => query.TryGetValue(name, out var value) ? value.ToString() : null;

    /// <summary>The value; null when absent or blank.</summary>
    public string? Text(string name) => string.IsNullOrWhiteSpace(query[name]) ? null : query[name].ToString();

    /// <summary>A whole number (digits only); <paramref name="absent"/> when absent.</summary>
    public int WholeNumber(string name, int absent) =>
        Parse(name, absent, (string text, out int value) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value), "must be a whole number", FieldErrorCode.Malformed);

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; <paramref name="absent"/> when absent.</summary>
    public int WholeNumber(string name, int absent, int min, int max) =>
        Parse(name, absent, (string text, out int value) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max, $"must be a whole number from {min} to {max}", FieldErrorCode.OutOfRange, max);

    /// <summary>A member of <typeparamref name="TEnum"/> by its name (never its number); null when absent.</summary>
    public TEnum? Member<TEnum>(string name, bool ignoreCase)
        where TEnum : struct, Enum =>
        Parse<TEnum?>(
            name,
            null,
            (string text, out TEnum? value) =>
            {
                var ok = Enum.TryParse<TEnum>(text, ignoreCase, out var parsed) && Enum.IsDefined(parsed) && !text.Any(char.IsDigit);
                value = ok ? parsed : null;
                return ok;
            },
            $"must be one of: {string.Join(", ", Enum.GetNames<TEnum>())}",
            FieldErrorCode.NotAllowed);

    /// <summary>An ISO 8601 date and time (UTC when it names no offset); null when absent.</summary>
    public DateTimeOffset? Time(string name) =>
        Parse<DateTimeOffset?>(
            name,
            null,
            (string text, out DateTimeOffset? value) =>
            {
                var ok = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed);
                value = ok ? parsed : null;
                return ok;
            },
            "must be an ISO 8601 date and time, e.g. 2026-11-27T08:00:00+08:00",
            FieldErrorCode.Malformed);

    /// <summary>A day as <c>yyyy-MM-dd</c>; <paramref name="absent"/> when absent.</summary>
    public DateOnly Day(string name, DateOnly absent) =>
        Parse(name, absent, (string text, out DateOnly value) => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value), "must be a date as yyyy-MM-dd", FieldErrorCode.Malformed);

    /// <summary>
    /// A value <paramref name="parse"/> accepts; <paramref name="absent"/> when absent, an error saying
    /// <paramref name="reason"/> (with its <paramref name="code"/> and the bound <paramref name="limit"/> it broke, if one) when it is refused.
    /// </summary>
    public T Parse<T>(string name, T absent, TryParse<T> parse, string reason, FieldErrorCode code = FieldErrorCode.Malformed, long? limit = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (!query.TryGetValue(name, out StringValues text))
        {
            return absent;
        }

        if (parse(text.ToString(), out var value))
        {
            return value;
        }

        Errors.Add(name, code, reason, limit);
        return absent;
    }
}

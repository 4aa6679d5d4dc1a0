using System.Collections;

namespace RiskAlerts.Core.Validation;

/// <summary>
/// Collects every problem with a request before anything is written, so a caller
/// learns all of them at once and a refused request changes nothing.
/// </summary>
public sealed class FieldErrors : IReadOnlyList<FieldError>
{
    private readonly List<FieldError> _errors = [];

    public int Count => _errors.Count;

    public bool IsEmpty => _errors.Count == 0;

    public FieldError this[int index] => _errors[index];

    /// <summary>Adds an error without a specific code (<see cref="FieldErrorCode.Invalid"/>).</summary>
    public void Add(string field, string reason) => _errors.Add(new FieldError(field, reason));

    /// <summary>Adds an error with its stable code and, for a bound broken, the bound.</summary>
    public void Add(string field, FieldErrorCode code, string reason, long? limit = null) =>
        _errors.Add(new FieldError(field, reason) { Code = code, Limit = limit });

    public void AddRange(IEnumerable<FieldError> errors) => _errors.AddRange(errors);

    /// <summary>Throws <see cref="RequestValidationException"/> when any error was collected.</summary>
    public void ThrowIfAny()
    {
        if (!IsEmpty)
        {
            throw new RequestValidationException(this);
        }
    }

    public IEnumerator<FieldError> GetEnumerator() => _errors.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

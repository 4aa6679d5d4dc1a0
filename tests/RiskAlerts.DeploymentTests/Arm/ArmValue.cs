using System.Text.Json;

namespace RiskAlerts.DeploymentTests.Arm;

/// <summary>
/// A value that depends on the deployment (a reference() to another deployment's outputs, an
/// environment() lookup): known only when Azure runs the template.
/// </summary>
internal sealed class Unresolved
{
    public static readonly Unresolved Value = new();

    private Unresolved()
    {
    }

    public override string ToString() => "<unresolved>";
}

/// <summary>
/// An output of another deployment (reference(...).outputs.x.value): unknown until Azure runs
/// the template, but named, so two uses of the same output compare equal.
/// </summary>
internal sealed record DeploymentReference(string Path)
{
    public override string ToString() => Path;
}

/// <summary>
/// Template values as plain objects: string, long, bool, null, <see cref="Unresolved"/>,
/// List&lt;object?&gt; and Dictionary&lt;string, object?&gt; (keys case-insensitive, as in ARM).
/// </summary>
internal static class ArmValue
{
    public static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Aggregate(
            new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase),
            (map, property) =>
            {
                map[property.Name] = FromJson(property.Value);
                return map;
            }),
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var number) ? number : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    public static Dictionary<string, object?> AsObject(object? value) =>
        value as Dictionary<string, object?> ?? throw new InvalidOperationException($"Expected an object, got {Describe(value)}.");

    public static List<object?> AsArray(object? value) =>
        value as List<object?> ?? throw new InvalidOperationException($"Expected an array, got {Describe(value)}.");

    public static object? Get(object? value, string property) =>
        value is Dictionary<string, object?> map && map.TryGetValue(property, out var found) ? found : null;

    public static object? Path(object? value, params string[] properties) => properties.Aggregate(value, Get);

    public static string Describe(object? value) => value switch
    {
        null => "null",
        string text => $"'{text}'",
        Dictionary<string, object?> map => "{" + string.Join(", ", map.Select(p => $"{p.Key}: {Describe(p.Value)}")) + "}",
        List<object?> list => "[" + string.Join(", ", list.Select(Describe)) + "]",
        _ => value.ToString() ?? string.Empty,
    };
}

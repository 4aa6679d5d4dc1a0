using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RiskAlerts.DeploymentTests.Arm;

/// <summary>
/// A small evaluator of the ARM template expression language, enough for what Bicep emits for
/// names and settings: parameters(), variables(), format(), union(), createObject(), if(),
/// resourceId() and friends, property and index access. A value that depends on the running
/// deployment (reference(), environment(), ...) evaluates to <see cref="Unresolved"/>.
/// </summary>
internal sealed partial class ArmExpression
{
    private readonly string _text;
    private readonly ArmScope _scope;
    private int _position;

    private ArmExpression(string text, ArmScope scope)
    {
        _text = text;
        _scope = scope;
    }

    /// <summary>Evaluates a template value: expressions in strings, recursively through objects and arrays.</summary>
    public static object? Evaluate(object? value, ArmScope scope) => value switch
    {
        string text when text.StartsWith("[[", StringComparison.Ordinal) => text[1..],
        string text when text.StartsWith('[') && text.EndsWith(']') => new ArmExpression(text[1..^1], scope).ParseWhole(),
        Dictionary<string, object?> map => map.Aggregate(
            new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase),
            (result, pair) =>
            {
                result[Evaluate(pair.Key, scope) as string ?? pair.Key] = Evaluate(pair.Value, scope);
                return result;
            }),
        List<object?> list => list.Select(item => Evaluate(item, scope)).ToList(),
        _ => value,
    };

    private object? ParseWhole()
    {
        var value = ParseExpression();
        SkipWhitespace();
        if (_position != _text.Length)
        {
            throw Error("unexpected text");
        }

        return value;
    }

    private object? ParseExpression()
    {
        SkipWhitespace();
        var value = ParsePrimary();
        while (true)
        {
            SkipWhitespace();
            if (Peek('.'))
            {
                _position++;
                value = Member(value, ReadIdentifier());
            }
            else if (Peek('['))
            {
                _position++;
                var index = ParseExpression();
                Expect(']');
                value = index is string name ? Member(value, name) : Index(value, index);
            }
            else
            {
                return value;
            }
        }
    }

    private object? ParsePrimary()
    {
        if (Peek('\''))
        {
            return ReadString();
        }

        if (_position < _text.Length && (char.IsDigit(_text[_position]) || _text[_position] == '-'))
        {
            var start = _position++;
            while (_position < _text.Length && char.IsDigit(_text[_position]))
            {
                _position++;
            }

            return long.Parse(_text.AsSpan(start, _position - start), CultureInfo.InvariantCulture);
        }

        var name = ReadIdentifier();
        SkipWhitespace();
        Expect('(');
        var arguments = new List<object?>();
        SkipWhitespace();
        if (!Peek(')'))
        {
            do
            {
                arguments.Add(ParseExpression());
                SkipWhitespace();
            }
            while (TryConsume(','));
        }

        Expect(')');
        return Call(name, arguments);
    }

    private object? Call(string name, List<object?> args)
    {
        switch (name.ToLowerInvariant())
        {
            case "parameters":
                return _scope.Parameter((string)args[0]!);
            case "variables":
                return _scope.Variable((string)args[0]!);
            case "copyindex":
                return (long)(_scope.CopyIndex ?? throw Error("copyIndex() outside a loop")) + (args.Count > 0 && args[^1] is long offset ? offset : 0);
            case "true":
                return true;
            case "false":
                return false;
            case "null":
                return null;
            case "subscription":
                return new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["id"] = $"/subscriptions/{ArmScope.SubscriptionId}", ["subscriptionId"] = ArmScope.SubscriptionId };
            case "reference":
                return new DeploymentReference($"reference({Text(args[0])})");
            case "tenant":
                return new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["tenantId"] = ArmScope.TenantId };
        }

        // Containers and if() keep what is known even when some of their parts are not.
        var tolerant = name.ToLowerInvariant() is "createobject" or "createarray" or "if"
            || (name.Equals("union", StringComparison.OrdinalIgnoreCase) && args.All(a => a is Dictionary<string, object?>));
        if (!tolerant && args.Any(a => a is Unresolved or DeploymentReference))
        {
            // Strings built around a deployment-time value keep their literal parts visible.
            if (name.Equals("format", StringComparison.OrdinalIgnoreCase) && args[0] is string template)
            {
                return FormatPlaceholder().Replace(template, m => Text(args[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 1]));
            }

            // if() may still decide without the unresolved branch.
            if (name.Equals("if", StringComparison.OrdinalIgnoreCase) && args[0] is bool condition)
            {
                return condition ? args[1] : args[2];
            }

            return Unresolved.Value;
        }

        switch (name.ToLowerInvariant())
        {
            case "format":
                return FormatPlaceholder().Replace((string)args[0]!, m => Text(args[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 1]));
            case "concat":
                return args.All(a => a is List<object?>) ? args.SelectMany(a => (List<object?>)a!).ToList() : string.Concat(args.Select(Text));
            case "union":
                return args.All(a => a is Dictionary<string, object?>) ? args.Cast<Dictionary<string, object?>>().Aggregate(new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase), (acc, map) =>
                {
                    foreach (var pair in map)
                    {
                        acc[pair.Key] = pair.Value;
                    }

                    return acc;
                }) : args.SelectMany(a => (List<object?>)a!).Distinct().ToList();
            case "createobject":
                var created = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                for (var i = 0; i + 1 < args.Count; i += 2)
                {
                    created[(string)args[i]!] = args[i + 1];
                }

                return created;
            case "createarray":
                return args.ToList();
            case "if":
                return (bool)args[0]! ? args[1] : args[2];
            case "not":
                return !(bool)args[0]!;
            case "and":
                return args.All(a => (bool)a!);
            case "or":
                return args.Any(a => (bool)a!);
            case "equals":
                return Equals(args[0], args[1]);
            case "empty":
                return args[0] switch
                {
                    null => true,
                    string text => text.Length == 0,
                    List<object?> list => list.Count == 0,
                    Dictionary<string, object?> map => map.Count == 0,
                    _ => false,
                };
            case "length":
                return (long)(args[0] switch
                {
                    string text => text.Length,
                    List<object?> list => list.Count,
                    Dictionary<string, object?> map => map.Count,
                    _ => throw Error("length() of a scalar"),
                });
            case "join":
                return string.Join((string)args[1]!, ((List<object?>)args[0]!).Select(Text));
            case "range":
                return Enumerable.Range(Convert.ToInt32(args[0], CultureInfo.InvariantCulture), Convert.ToInt32(args[1], CultureInfo.InvariantCulture)).Select(i => (object?)(long)i).ToList();
            case "padleft":
                return Text(args[0]).PadLeft(Convert.ToInt32(args[1], CultureInfo.InvariantCulture), args.Count > 2 ? ((string)args[2]!)[0] : ' ');
            case "tolower":
                return ((string)args[0]!).ToLowerInvariant();
            case "toupper":
                return ((string)args[0]!).ToUpperInvariant();
            case "string":
                return args[0] is string s ? s : Text(args[0]);
            case "uniquestring":
                // Deterministic stand-in: 13 lower-case characters like the real function.
                return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('|', args.Select(Text)))))[..13].ToLowerInvariant();
            case "guid":
                return "guid(" + string.Join(',', args.Select(Text)) + ")";
            case "resourceid":
                return ResourceId($"/subscriptions/{ArmScope.SubscriptionId}/resourceGroups/{ArmScope.ResourceGroup}", args);
            case "subscriptionresourceid":
                return ResourceId($"/subscriptions/{ArmScope.SubscriptionId}", args);
            case "extensionresourceid":
                return ResourceId((string)args[0]!, args.Skip(1).ToList());
            default:
                return Unresolved.Value;
        }
    }

    private static string ResourceId(string prefix, List<object?> args)
    {
        var types = ((string)args[0]!).Split('/');
        var names = args.Skip(1).Select(Text).ToList();
        var builder = new StringBuilder(prefix).Append("/providers/").Append(types[0]);
        for (var i = 1; i < types.Length; i++)
        {
            builder.Append('/').Append(types[i]).Append('/').Append(i - 1 < names.Count ? names[i - 1] : "?");
        }

        return builder.ToString();
    }

    private static object? Member(object? value, string name) => value switch
    {
        Unresolved => Unresolved.Value,
        DeploymentReference reference => new DeploymentReference($"{reference.Path}.{name}"),
        Dictionary<string, object?> map => map.TryGetValue(name, out var found) ? found : Unresolved.Value,
        _ => Unresolved.Value,
    };

    private static object? Index(object? value, object? index) => (value, index) switch
    {
        (List<object?> list, long i) => list[(int)i],
        _ => Unresolved.Value,
    };

    private static string Text(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        bool flag => flag ? "True" : "False",
        long number => number.ToString(CultureInfo.InvariantCulture),
        Unresolved => "<unresolved>",
        DeploymentReference reference => "{" + reference.Path + "}",
        _ => ArmValue.Describe(value),
    };

    private string ReadString()
    {
        Expect('\'');
        var builder = new StringBuilder();
        while (true)
        {
            if (_position >= _text.Length)
            {
                throw Error("unterminated string");
            }

            var c = _text[_position++];
            if (c == '\'')
            {
                if (Peek('\''))
                {
                    builder.Append('\'');
                    _position++;
                    continue;
                }

                return builder.ToString();
            }

            builder.Append(c);
        }
    }

    private string ReadIdentifier()
    {
        SkipWhitespace();
        var start = _position;
        while (_position < _text.Length && (char.IsLetterOrDigit(_text[_position]) || _text[_position] is '_' or '$' or '#'))
        {
            _position++;
        }

        if (start == _position)
        {
            throw Error("identifier expected");
        }

        return _text[start.._position];
    }

    private void SkipWhitespace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }

    private bool Peek(char c) => _position < _text.Length && _text[_position] == c;

    private bool TryConsume(char c)
    {
        SkipWhitespace();
        if (!Peek(c))
        {
            return false;
        }

        _position++;
        return true;
    }

    private void Expect(char c)
    {
        SkipWhitespace();
        if (!Peek(c))
        {
            throw Error($"'{c}' expected");
        }

        _position++;
    }

    private FormatException Error(string message) => new($"{message} at {_position} in [{_text}]");

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex FormatPlaceholder();
}

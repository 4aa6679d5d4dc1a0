namespace RiskAlerts.DeploymentTests.Arm;

/// <summary>One template (the root or a module's nested template) with the parameter values it was given.</summary>
internal sealed class ArmScope
{
    public const string SubscriptionId = "00000000-0000-0000-0000-0000000000aa";
    public const string TenantId = "00000000-0000-0000-0000-0000000000bb";
    public const string ResourceGroup = "rg-under-test";

    private readonly Dictionary<string, object?> _template;
    private readonly IReadOnlyDictionary<string, object?> _parameterValues;
    private readonly Dictionary<string, object?> _variables = new(StringComparer.OrdinalIgnoreCase);

    public ArmScope(Dictionary<string, object?> template, IReadOnlyDictionary<string, object?> parameterValues, int? copyIndex = null)
    {
        _template = template;
        _parameterValues = parameterValues;
        CopyIndex = copyIndex;
    }

    public int? CopyIndex { get; }

    public ArmScope WithCopyIndex(int index) => new(_template, _parameterValues, index);

    public object? Parameter(string name)
    {
        if (_parameterValues.TryGetValue(name, out var value))
        {
            return value;
        }

        var declaration = ArmValue.Get(ArmValue.Get(_template, "parameters"), name)
            ?? throw new KeyNotFoundException($"Parameter '{name}' is not declared.");
        return ArmValue.AsObject(declaration).TryGetValue("defaultValue", out var defaultValue)
            ? ArmExpression.Evaluate(defaultValue, this)
            : Unresolved.Value;
    }

    public object? Variable(string name)
    {
        if (!_variables.TryGetValue(name, out var value))
        {
            var variables = ArmValue.Get(_template, "variables");
            var declaration = ArmValue.Get(variables, name);
            var loop = (ArmValue.Get(variables, "copy") as List<object?> ?? [])
                .FirstOrDefault(c => string.Equals(ArmValue.Get(c, "name") as string, name, StringComparison.OrdinalIgnoreCase));
            value = (declaration, loop) switch
            {
                (not null, _) => ArmExpression.Evaluate(declaration, this),
                (null, not null) => ArmExpression.Evaluate(ArmValue.Get(loop, "count"), this) is long count
                    ? Enumerable.Range(0, (int)count).Select(i => ArmExpression.Evaluate(ArmValue.Get(loop, "input"), WithCopyIndex(i))).ToList()
                    : Unresolved.Value,
                _ => Unresolved.Value,
            };
            _variables[name] = value;
        }

        return value;
    }

    /// <summary>Every resource of this template and of the modules it deploys, loops expanded.</summary>
    public IEnumerable<ArmResource> Resources(string deploymentPath = "")
    {
        var declared = ArmValue.Get(_template, "resources") switch
        {
            List<object?> list => list,
            Dictionary<string, object?> map => map.Values.ToList(),
            _ => [],
        };

        foreach (var raw in declared.Select(ArmValue.AsObject))
        {
            if (raw.TryGetValue("existing", out var existing) && existing is true)
            {
                continue;
            }

            var scopes = raw.TryGetValue("copy", out var copy) && copy is not null
                ? Enumerable.Range(0, (int)(long)ArmExpression.Evaluate(ArmValue.Get(copy, "count"), this)!).Select(WithCopyIndex)
                : [this];

            foreach (var scope in scopes)
            {
                var resource = new ArmResource((string)raw["type"]!, ArmExpression.Evaluate(raw["name"], scope), raw, scope, deploymentPath);
                yield return resource;

                if (resource.Type.Equals("Microsoft.Resources/deployments", StringComparison.OrdinalIgnoreCase))
                {
                    var nested = ArmValue.AsObject(ArmValue.Path(raw, "properties", "template"));
                    var passed = ArmValue.Get(ArmValue.Get(raw, "properties"), "parameters") as Dictionary<string, object?> ?? [];
                    var values = passed.ToDictionary(
                        p => p.Key,
                        p => ArmExpression.Evaluate(ArmValue.Get(p.Value, "value"), scope),
                        StringComparer.OrdinalIgnoreCase);
                    foreach (var inner in new ArmScope(nested, values).Resources($"{deploymentPath}/{resource.Name}"))
                    {
                        yield return inner;
                    }
                }
            }
        }
    }
}

/// <summary>A resource found in the compiled template, with the scope its expressions evaluate in.</summary>
internal sealed record ArmResource(string Type, object? Name, Dictionary<string, object?> Raw, ArmScope Scope, string DeploymentPath)
{
    public string NameText => Name as string ?? ArmValue.Describe(Name);

    /// <summary>The last segment of the resource name (child resources are named parent/child).</summary>
    public string LeafName => NameText.Split('/')[^1];

    public bool Is(string type) => Type.Equals(type, StringComparison.OrdinalIgnoreCase);

    /// <summary>A value under the resource, evaluated: e.g. Value("properties", "disableLocalAuth").</summary>
    public object? Value(params string[] path)
    {
        // Walk the template as written and evaluate only where an expression stands, so that a
        // module's nested template is never evaluated in its parent's scope.
        object? node = Raw;
        foreach (var segment in path)
        {
            if (node is string)
            {
                node = ArmExpression.Evaluate(node, Scope);
            }

            node = ArmValue.Get(node, segment);
        }

        return ArmExpression.Evaluate(node, Scope);
    }

    /// <summary>The value as written in the template, expressions not evaluated.</summary>
    public object? RawValue(params string[] path) => ArmValue.Path(Raw, path);

    public override string ToString() => $"{Type} {NameText} (in {DeploymentPath})";
}

using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace RiskAlerts.Functions.Hosting;

/// <summary>
/// Reads the <c>[Function]</c> and <c>[HttpTrigger]</c> attributes of the function classes, as the
/// Functions host does from the generated metadata, so the local host serves exactly the routes
/// that Azure serves. A parameter kind the local host cannot bind fails at start, not per request, and so
/// does a route value that either host would turn away before the function authenticates the caller:
/// route values are bound as strings, without route constraints, and parsed by the function
/// (<see cref="Http.RouteValue"/>).
/// </summary>
public static class FunctionRouteDiscovery
{
    private static readonly string[] AllMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    /// <summary>The HTTP-triggered functions of the assembly's public classes, under <paramref name="routePrefix"/>.</summary>
    /// <exception cref="NotSupportedException">A function takes a parameter or declares a route value that cannot be served.</exception>
    public static IReadOnlyList<FunctionHttpRoute> Discover(Assembly functionsAssembly, string routePrefix)
    {
        ArgumentNullException.ThrowIfNull(functionsAssembly);
        return Discover(functionsAssembly.GetExportedTypes(), routePrefix);
    }

    /// <summary>The HTTP-triggered functions of <paramref name="functionClasses"/>, under <paramref name="routePrefix"/>.</summary>
    /// <exception cref="NotSupportedException">A function takes a parameter or declares a route value that cannot be served.</exception>
    public static IReadOnlyList<FunctionHttpRoute> Discover(IEnumerable<Type> functionClasses, string routePrefix)
    {
        ArgumentNullException.ThrowIfNull(functionClasses);
        var routes = new List<FunctionHttpRoute>();
        foreach (var type in functionClasses.Where(t => t is { IsClass: true, IsAbstract: false }))
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            {
                var function = method.GetCustomAttribute<FunctionAttribute>();
                var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null);
                if (function is null || trigger is null)
                {
                    continue;
                }

                var template = string.IsNullOrEmpty(trigger.Route) ? function.Name : trigger.Route;
                EnsureBindable(function.Name, method, template);
                var prefixed = string.IsNullOrEmpty(routePrefix) ? $"/{template}" : $"/{routePrefix}/{template}";
                var methods = trigger.Methods is { Length: > 0 } ? trigger.Methods.Select(m => m.ToUpperInvariant()).ToArray() : AllMethods;
                routes.Add(new FunctionHttpRoute(function.Name, prefixed, methods, type, method));
            }
        }

        return routes;
    }

    /// <summary>The route prefix from host.json (<c>extensions.http.routePrefix</c>); "api" when absent, as in Functions.</summary>
    public static string ReadRoutePrefix(string hostJsonPath)
    {
        if (!File.Exists(hostJsonPath))
        {
            return "api";
        }

        using var document = JsonDocument.Parse(File.ReadAllText(hostJsonPath));
        return document.RootElement.TryGetProperty("extensions", out var extensions)
            && extensions.TryGetProperty("http", out var http)
            && http.TryGetProperty("routePrefix", out var prefix)
            && prefix.ValueKind == JsonValueKind.String
                ? prefix.GetString()!.Trim('/')
                : "api";
    }

    private static void EnsureBindable(string functionName, MethodInfo method, string template)
    {
        foreach (var segment in template.Split('/').Where(s => s.StartsWith('{') && s.EndsWith('}')))
        {
            // A constraint ({sequenceNumber:long}) makes the Functions host answer a malformed value 404 before the
            // function authenticates anyone, where a well-formed one gets 401: the answer would depend on the value.
            if (segment.AsSpan(1, segment.Length - 2).IndexOfAny(':', '=') >= 0)
            {
                throw new NotSupportedException(
                    $"Function {functionName}: route value {segment} has a constraint or a default. " +
                    "Declare it as {name} and parse it in the function after authorising the caller (RouteValue).");
            }
        }

        foreach (var parameter in method.GetParameters())
        {
            var type = parameter.ParameterType;
            if (type == typeof(HttpRequest) || type == typeof(CancellationToken) || type == typeof(string))
            {
                continue;
            }

            // The worker converts a typed route value before the function runs: a malformed one is a 500, even without credentials.
            throw new NotSupportedException(
                $"Function {functionName}: parameter '{parameter.Name}' is a {type.Name}. " +
                "Take HttpRequest, CancellationToken or route values as string, and parse them after authorising the caller (RouteValue).");
        }

        var returnType = method.ReturnType;
        if (returnType != typeof(Task<Microsoft.AspNetCore.Mvc.IActionResult>) && returnType != typeof(Microsoft.AspNetCore.Mvc.IActionResult))
        {
            throw new NotSupportedException($"Function {functionName}: return IActionResult or Task<IActionResult>.");
        }
    }
}

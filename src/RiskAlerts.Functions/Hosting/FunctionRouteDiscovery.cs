using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace RiskAlerts.Functions.Hosting;

/// <summary>
/// Reads the <c>[Function]</c> and <c>[HttpTrigger]</c> attributes of the function classes, as the
/// Functions host does from the generated metadata, so the local host serves exactly the routes
/// that Azure serves. A parameter kind the local host cannot bind fails at start, not per request.
/// </summary>
public static class FunctionRouteDiscovery
{
    private static readonly string[] AllMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

    public static IReadOnlyList<FunctionHttpRoute> Discover(Assembly functionsAssembly, string routePrefix)
    {
        var routes = new List<FunctionHttpRoute>();
        foreach (var type in functionsAssembly.GetExportedTypes().Where(t => t is { IsClass: true, IsAbstract: false }))
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            {
                var function = method.GetCustomAttribute<FunctionAttribute>();
                var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null);
                if (function is null || trigger is null)
                {
                    continue;
                }

                EnsureBindable(function.Name, method);
                var template = string.IsNullOrEmpty(trigger.Route) ? function.Name : trigger.Route;
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

    private static void EnsureBindable(string functionName, MethodInfo method)
    {
        foreach (var parameter in method.GetParameters())
        {
            var type = parameter.ParameterType;
            var bindable = type == typeof(HttpRequest)
                || type == typeof(CancellationToken)
                || type == typeof(string)
                || type == typeof(Guid)
                || type == typeof(int)
                || type == typeof(long);
            if (!bindable)
            {
                throw new NotSupportedException(
                    $"Function {functionName}: the local host cannot bind parameter '{parameter.Name}' of type {type.Name}. " +
                    "Take HttpRequest, CancellationToken or route values (string, Guid, int, long).");
            }
        }

        var returnType = method.ReturnType;
        if (returnType != typeof(Task<Microsoft.AspNetCore.Mvc.IActionResult>) && returnType != typeof(Microsoft.AspNetCore.Mvc.IActionResult))
        {
            throw new NotSupportedException($"Function {functionName}: return IActionResult or Task<IActionResult>.");
        }
    }
}

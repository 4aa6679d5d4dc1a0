using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using RiskAlerts.Functions.Hosting;

namespace RiskAlerts.Host.FunctionRoutes;

/// <summary>
/// Serves HTTP-triggered functions from a plain ASP.NET Core app: each discovered route calls the
/// function method itself on an instance built by DI, as the Functions worker would. The function
/// classes stay the single source of HTTP behaviour; nothing here re-implements an endpoint.
/// </summary>
public static class FunctionRouteEndpoints
{
    public static IReadOnlyList<FunctionHttpRoute> MapFunctionHttpRoutes(this IEndpointRouteBuilder endpoints, Assembly functionsAssembly, string hostJsonPath)
    {
        var routes = FunctionRouteDiscovery.Discover(functionsAssembly, FunctionRouteDiscovery.ReadRoutePrefix(hostJsonPath));
        foreach (var route in routes)
        {
            endpoints.MapMethods(route.RouteTemplate, route.HttpMethods, context => InvokeAsync(context, route))
                .WithName(route.FunctionName)
                .WithDisplayName($"Function {route.FunctionName}");
        }

        return routes;
    }

    private static async Task InvokeAsync(HttpContext context, FunctionHttpRoute route)
    {
        var instance = route.Method.IsStatic ? null : ActivatorUtilities.GetServiceOrCreateInstance(context.RequestServices, route.FunctionClass);
        var arguments = route.Method.GetParameters().Select(p => Bind(context, p)).ToArray();

        IActionResult result;
        try
        {
            var returned = route.Method.Invoke(instance, arguments);
            result = returned is Task<IActionResult> task ? await task : (IActionResult)returned!;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }

        await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }

    private static object? Bind(HttpContext context, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type == typeof(HttpRequest))
        {
            return context.Request;
        }

        if (type == typeof(CancellationToken))
        {
            return context.RequestAborted;
        }

        // Route values go to the function as the strings the path holds, as the Functions worker passes them to
        // string parameters (discovery admits no other kind); the function parses them after authorising the caller.
        return context.Request.RouteValues.TryGetValue(parameter.Name!, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;
    }
}

using System.Reflection;

namespace RiskAlerts.Functions.Hosting;

/// <summary>One HTTP-triggered function found on a function class: where it listens and what it is.</summary>
public sealed record FunctionHttpRoute(string FunctionName, string RouteTemplate, IReadOnlyList<string> HttpMethods, Type FunctionClass, MethodInfo Method);

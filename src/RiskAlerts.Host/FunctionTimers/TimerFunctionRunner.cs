using System.Reflection;
using Cronos;
using Microsoft.Azure.Functions.Worker;

namespace RiskAlerts.Host.FunctionTimers;

/// <summary>
/// Runs the Functions app's timer-triggered functions on their NCRONTAB schedules, as the Functions
/// host would in Azure: the function classes stay the single source of what a timer does.
/// </summary>
internal sealed class TimerFunctionRunner(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider timeProvider, ILogger<TimerFunctionRunner> logger) : BackgroundService
{
    public static Assembly FunctionsAssembly { get; } = typeof(RiskAlerts.Functions.FunctionsServiceCollectionExtensions).Assembly;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timers = Discover(FunctionsAssembly, configuration);
        logger.LogInformation("Running {Count} timer functions: {Functions}", timers.Count, string.Join(", ", timers.Select(t => t.Name)));
        return Task.WhenAll(timers.Select(t => RunAsync(t, stoppingToken)));
    }

    /// <summary>The timer functions of <paramref name="assembly"/> with their schedules resolved from configuration.</summary>
    public static IReadOnlyList<TimerFunction> Discover(Assembly assembly, IConfiguration configuration) =>
    [
        .. from type in assembly.GetExportedTypes()
           from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
           let function = method.GetCustomAttribute<FunctionAttribute>()
           let trigger = method.GetParameters().Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).FirstOrDefault(a => a is not null)
           where function is not null && trigger is not null
           select new TimerFunction(function.Name, type, method, CronExpression.Parse(ResolveSchedule(trigger.Schedule, configuration), CronFormat.IncludeSeconds)),
    ];

    /// <summary><c>%Name%</c> names an app setting, as in Functions.</summary>
    private static string ResolveSchedule(string schedule, IConfiguration configuration) =>
        schedule.StartsWith('%') && schedule.EndsWith('%')
            ? configuration[schedule.Trim('%')] ?? throw new InvalidOperationException($"Timer schedule setting '{schedule.Trim('%')}' is not configured.")
            : schedule;

    private async Task RunAsync(TimerFunction timer, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = timeProvider.GetUtcNow();
            var next = timer.Schedule.GetNextOccurrence(now.UtcDateTime, TimeZoneInfo.Utc);
            if (next is null)
            {
                return;
            }

            await Task.Delay(next.Value - now.UtcDateTime, timeProvider, stoppingToken);
            await using var scope = scopes.CreateAsyncScope();
            var instance = ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, timer.FunctionClass);
            var arguments = timer.Method.GetParameters()
                .Select(p => p.ParameterType == typeof(TimerInfo) ? new TimerInfo() : p.ParameterType == typeof(CancellationToken) ? (object)stoppingToken : null)
                .ToArray();
            try
            {
                await (Task)timer.Method.Invoke(instance, arguments)!;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // As in the Functions host: a failed run is logged and the next occurrence runs again.
                logger.LogError(ex, "Timer function {Function} failed", timer.Name);
            }
        }
    }
}

/// <summary>A timer-triggered function and its schedule.</summary>
public sealed record TimerFunction(string Name, Type FunctionClass, MethodInfo Method, CronExpression Schedule);

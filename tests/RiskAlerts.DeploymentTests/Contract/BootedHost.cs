using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RiskAlerts.Consumers;
using RiskAlerts.Functions;

namespace RiskAlerts.DeploymentTests.Contract;

/// <summary>
/// A deployable host's service registration, built (not started) with given app settings: what
/// start-up validation says, and which settings the code read while registering, validating every
/// option and constructing what the host runs.
/// </summary>
internal sealed class BootedHost : IAsyncDisposable
{
    /// <summary>
    /// Read by libraries from the process environment, not from configuration: the Azure Monitor
    /// exporter's connection string, DefaultAzureCredential's user-assigned identity.
    /// </summary>
    public static readonly string[] ProcessEnvironmentSettings = ["APPLICATIONINSIGHTS_CONNECTION_STRING", "AZURE_CLIENT_ID"];

    private readonly IAsyncDisposable _host;
    private readonly ReadRecorder _reads;
    private RequestDelegate? _pipeline;

    private BootedHost(IAsyncDisposable host, IServiceProvider services, ReadRecorder reads, IReadOnlyList<string> failures)
    {
        _host = host;
        Services = services;
        _reads = reads;
        Failures = failures;
    }

    public IServiceProvider Services { get; }

    /// <summary>What start-up would refuse: option validation failures and services that cannot be built.</summary>
    public IReadOnlyList<string> Failures { get; }

    /// <summary>The routes the host maps (the consumer host's; empty for the Function App, whose routes are its functions).</summary>
    public IReadOnlyList<string> Routes { get; private init; } = [];

    /// <summary>True when the code looked the setting up (an app setting name, <c>__</c> or <c>:</c>).</summary>
    public bool Read(string setting) => _reads.Contains(ToKey(setting));

    /// <summary>The Function App: its Program.cs composition, no settings file (the package carries none).</summary>
    public static async Task<BootedHost> FunctionAppAsync(IReadOnlyDictionary<string, string> appSettings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        var reads = Configure(builder.Configuration, appSettings, settingsFile: null);
        builder.Services.AddRiskAlertsFunctionApp(builder.Configuration);
        var descriptors = builder.Services.ToList();
        var host = builder.Build();
        var functionClasses = typeof(FunctionsServiceCollectionExtensions).Assembly.GetExportedTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null));
        return new BootedHost(AsAsyncDisposable(host), host.Services, reads, await CheckAsync(host.Services, descriptors, functionClasses));
    }

    /// <summary>
    /// The consumer host as its image runs it: its Program.cs composition with the appsettings.json it ships,
    /// and its endpoints mapped (not served: nothing is started, so nothing is sent anywhere).
    /// </summary>
    public static async Task<BootedHost> ConsumerHostAsync(IReadOnlyDictionary<string, string> appSettings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        var reads = Configure(builder.Configuration, appSettings, RepositoryFiles.ConsumerHostSettingsFile);
        builder.Services.AddRiskAlertsConsumerHost(builder.Configuration);
        var descriptors = builder.Services.ToList();
        var app = builder.Build();
        app.MapConsumerHostEndpoints();

        // Routed as the running host routes a request, without a server.
        app.UseRouting();
        app.UseEndpoints(_ => { });
        return new BootedHost(app, app.Services, reads, await CheckAsync(app.Services, descriptors, []))
        {
            Routes = [.. ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().Select(e => "/" + e.RoutePattern.RawText?.TrimStart('/'))],
            _pipeline = ((IApplicationBuilder)app).Build(),
        };
    }

    /// <summary>The status the host's own endpoints answer <paramref name="context"/>'s request with.</summary>
    public async Task<int> AnswerAsync(HttpContext context)
    {
        var pipeline = _pipeline ?? throw new InvalidOperationException("Only the consumer host's endpoints are routed here; the Function App's are its functions.");
        context.RequestServices = Services;
        await pipeline(context);
        return context.Response.StatusCode;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    /// <summary>
    /// Exactly the settings file and the app settings (as environment variables become configuration), then the
    /// recorder. Settings that libraries read from the process environment itself are set there as well.
    /// </summary>
    private static ReadRecorder Configure(ConfigurationManager configuration, IReadOnlyDictionary<string, string> appSettings, string? settingsFile)
    {
        foreach (var name in ProcessEnvironmentSettings)
        {
            Environment.SetEnvironmentVariable(name, appSettings.GetValueOrDefault(name));
        }

        configuration.Sources.Clear();
        if (settingsFile is not null)
        {
            configuration.AddJsonFile(settingsFile, optional: false);
        }

        configuration.AddInMemoryCollection(appSettings.Select(p => new KeyValuePair<string, string?>(ToKey(p.Key), p.Value)));
        var reads = new ReadRecorder();
        configuration.Sources.Add(reads);
        return reads;
    }

    private static async Task<IReadOnlyList<string>> CheckAsync(IServiceProvider services, IReadOnlyList<ServiceDescriptor> descriptors, IEnumerable<Type> functionClasses)
    {
        var failures = new List<string>();

        // What ValidateOnStart registered: the host runs this first when it starts.
        Collect(failures, "start-up validation", () => services.GetService<IStartupValidator>()?.Validate());

        // Every other option the registration configures, validated as its first use would.
        foreach (var optionsType in OptionsTypes(descriptors))
        {
            var options = typeof(IOptions<>).MakeGenericType(optionsType);
            Collect(failures, optionsType.Name, () => options.GetProperty(nameof(IOptions<object>.Value))!.GetValue(services.GetRequiredService(options)));
        }

        // What the host runs, constructed: clients built from settings fail here, not at the first message.
        Collect(failures, "hosted services", () => _ = services.GetServices<IHostedService>().ToList());
        await using var scope = services.CreateAsyncScope();
        foreach (var type in functionClasses)
        {
            Collect(failures, type.Name, () => ActivatorUtilities.CreateInstance(scope.ServiceProvider, type));
        }

        return failures;
    }

    private static IEnumerable<Type> OptionsTypes(IReadOnlyList<ServiceDescriptor> descriptors)
    {
        Type[] kinds = [typeof(IConfigureOptions<>), typeof(IPostConfigureOptions<>), typeof(IValidateOptions<>)];
        return descriptors
            .Select(d => d.ServiceType)
            .Where(t => t.IsGenericType && kinds.Contains(t.GetGenericTypeDefinition()))
            .Select(t => t.GetGenericArguments()[0])
            // IOptions<T> needs a parameterless constructor; the Azure clients' options are made by their factory.
            .Where(t => t.GetConstructor(Type.EmptyTypes) is not null)
            .Distinct();
    }

    private static void Collect(List<string> failures, string what, Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex)
        {
            // An option that start-up validation already refused is reported once.
            foreach (var failure in Flatten(ex).Where(f => !failures.Any(known => known.EndsWith(": " + f, StringComparison.Ordinal))))
            {
                failures.Add($"{what}: {failure}");
            }
        }
    }

    private static IEnumerable<string> Flatten(Exception ex) => ex switch
    {
        TargetInvocationException { InnerException: { } inner } => Flatten(inner),
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(Flatten),
        OptionsValidationException validation => validation.Failures,
        _ => [$"{ex.GetType().Name}: {ex.Message}"],
    };

    private static string ToKey(string setting) => setting.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);

    private static IAsyncDisposable AsAsyncDisposable(IHost host) => host as IAsyncDisposable ?? new SyncDisposable(host);

    private sealed class SyncDisposable(IDisposable inner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            inner.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>The last configuration source: holds nothing and records every key looked up (it is asked first).</summary>
    private sealed class ReadRecorder : ConfigurationProvider, IConfigurationSource
    {
        private readonly HashSet<string> _keys = new(StringComparer.OrdinalIgnoreCase);

        public bool Contains(string key)
        {
            lock (_keys)
            {
                return _keys.Contains(key);
            }
        }

        public override bool TryGet(string key, out string? value)
        {
            lock (_keys)
            {
                _keys.Add(key);
            }

            value = null;
            return false;
        }

        public IConfigurationProvider Build(IConfigurationBuilder builder) => this;
    }
}

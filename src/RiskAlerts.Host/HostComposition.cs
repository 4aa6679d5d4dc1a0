using Microsoft.Extensions.DependencyInjection.Extensions;
using RiskAlerts.Core.Operations.Overview;
using RiskAlerts.Functions;
using RiskAlerts.Functions.Http;
using RiskAlerts.Host.FunctionRoutes;
using RiskAlerts.Host.FunctionTimers;
using RiskAlerts.Host.Local;
using RiskAlerts.Infrastructure.Telemetry;
using RiskAlerts.Infrastructure.Messaging.Consumers;
using RiskAlerts.LocalServiceBus;

namespace RiskAlerts.Host;

/// <summary>
/// How the local host is put together, shared by Program and by the tests that run it in-process: what
/// the function classes need and the Service Bus consumers; with <c>LocalRun</c> settings also the local
/// stand-ins, the Functions app's HTTP routes on port 7071 and its timers. Azure runs none of this: the
/// Function App serves the routes and timers, and RiskAlerts.Consumers the consumers.
/// </summary>
public static class HostComposition
{
    /// <returns>The local stand-ins started for this host, if any: the caller stops them when the host has stopped.</returns>
    public static async Task<LocalStandIns?> ConfigureServicesAsync(WebApplicationBuilder builder, CancellationToken cancellationToken = default)
    {
        LocalStandIns? standIns = null;
        var localRun = builder.Configuration.GetSection(LocalRunOptions.SectionName).Get<LocalRunOptions>() ?? new LocalRunOptions();
        builder.Services.Configure<LocalRunOptions>(builder.Configuration.GetSection(LocalRunOptions.SectionName));

        if (localRun.StartStandIns)
        {
            using var loggerFactory = LoggerFactory.Create(logging => logging.AddConsole());
            standIns = await LocalStandIns.StartAsync(localRun, builder.Configuration, loggerFactory, cancellationToken);
            builder.Configuration.AddInMemoryCollection(standIns.ConnectionSettings());
        }

        if (localRun.ServeHttpApi && string.IsNullOrEmpty(builder.Configuration[DevelopmentSigningKey.SettingName]))
        {
            builder.Configuration.AddInMemoryCollection([new(DevelopmentSigningKey.SettingName, DevelopmentSigningKey.LoadOrCreate())]);
        }

        // The local run serves the acknowledge and unsubscribe routes, so its emails carry the links.
        if (localRun.ServeHttpApi && standIns is not null
            && string.IsNullOrEmpty(builder.Configuration["Email:AcknowledgeBaseUrl"]) && string.IsNullOrEmpty(builder.Configuration["Email:UnsubscribeBaseUrl"]))
        {
            builder.Configuration.AddInMemoryCollection([
                new("Email:AcknowledgeBaseUrl", new Uri(standIns.HostAddress, "api/acknowledge").AbsoluteUri),
                new("Email:UnsubscribeBaseUrl", new Uri(standIns.HostAddress, "api/unsubscribe").AbsoluteUri),
            ]);
        }

        // And the confirmation page of verification emails.
        if (localRun.ServeHttpApi && standIns is not null && string.IsNullOrEmpty(builder.Configuration["Email:VerifyBaseUrl"]))
        {
            builder.Configuration.AddInMemoryCollection([new("Email:VerifyBaseUrl", new Uri(standIns.HostAddress, "api/verify-contact").AbsoluteUri)]);
        }

        if (localRun.ServeHttpApi && string.IsNullOrEmpty(builder.Configuration[DevelopmentSigningKey.LinkKeySettingName]))
        {
            builder.Configuration.AddInMemoryCollection([new(DevelopmentSigningKey.LinkKeySettingName, DevelopmentSigningKey.LoadOrCreate("link-signing-key"))]);
        }

        if (localRun.ServeHttpApi && string.IsNullOrEmpty(builder.Configuration[DevelopmentSigningKey.PseudonymKeySettingName]))
        {
            builder.Configuration.AddInMemoryCollection([new(DevelopmentSigningKey.PseudonymKeySettingName, DevelopmentSigningKey.LoadOrCreate("pseudonym-key"))]);
        }

        builder.Services.AddRiskAlertsFunctions(builder.Configuration);
        if (standIns?.ServiceBusBroker is { } broker)
        {
            builder.Services.AddSingleton(broker);
        }

        // A broker in this process (started above, or by a test that hosts this app) is asked for its
        // counts directly; otherwise the administration client asks Service Bus.
        if (builder.Services.Any(d => d.ServiceType == typeof(LocalServiceBusBroker)))
        {
            builder.Services.Replace(ServiceDescriptor.Singleton<IServiceBusBacklog, LocalBrokerBacklog>());
        }

        builder.Services.AddRiskAlertsTelemetry(builder.Configuration, "riskalerts-host");
        if (localRun.ProvisionTables)
        {
            // Registered first among hosted services that need tables, so they exist before anything reads them.
            builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, TableProvisioner>());
        }

        // The planner and the senders, in every environment (Consumers:Enabled switches them off).
        builder.Services.AddRiskAlertsConsumers(builder.Configuration);

        if (localRun.RunTimers)
        {
            builder.Services.AddHostedService<TimerFunctionRunner>();
        }

        // The host's own problems (an unknown route, an unhandled error) carry the code their status
        // means, like every problem the functions answer with.
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["code"] = ProblemCodes.ForStatus(context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode).ToString());
        builder.Services.AddMvcCore();
        builder.Services.AddHealthChecks();
        return standIns;
    }

    public static void ConfigurePipeline(WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthChecks("/healthz");

        var localRun = app.Configuration.GetSection(LocalRunOptions.SectionName).Get<LocalRunOptions>() ?? new LocalRunOptions();
        if (localRun.ServeHttpApi)
        {
            app.MapFunctionHttpRoutes(typeof(FunctionsServiceCollectionExtensions).Assembly, Path.Combine(AppContext.BaseDirectory, "host.json"));
        }
    }
}

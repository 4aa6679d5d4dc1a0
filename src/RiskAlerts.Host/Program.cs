using RiskAlerts.Host;
using RiskAlerts.Host.Local;

if (args is [TokenCommand.Verb, .. var tokenArgs])
{
    return TokenCommand.Run(tokenArgs, Console.Out, Console.Error);
}

// Settings files from the build output, wherever it is run from: appsettings.json is the consumer host's, linked in.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
// Declared first so they are disposed last: the stand-ins outlive the app that uses them,
// and they stop even when start-up fails half-way.
await using var standIns = await HostComposition.ConfigureServicesAsync(builder);
await using var app = builder.Build();
HostComposition.ConfigurePipeline(app);
await app.RunAsync();
return 0;

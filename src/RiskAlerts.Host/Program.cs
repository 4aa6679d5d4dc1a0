using RiskAlerts.Host;
using RiskAlerts.Host.Local;

if (args is [TokenCommand.Verb, .. var tokenArgs])
{
    return TokenCommand.Run(tokenArgs, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
await HostComposition.ConfigureServicesAsync(builder);
var app = builder.Build();
HostComposition.ConfigurePipeline(app);
await app.RunAsync();
return 0;

using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using RiskAlerts.LocalServiceBus;

// Runs the broker alone: dotnet run --project src/RiskAlerts.LocalServiceBus -- --port 5672 --config path.json
var configuration = new ConfigurationBuilder().AddCommandLine(args).Build();
var port = configuration.GetValue("port", 5672);
var configPath = configuration["config"];

using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole(options => options.SingleLine = true));
var topology = configPath is null ? BrokerTopology.ProductDefault() : BrokerTopology.Load(configPath);

using var stop = new CancellationTokenSource();

// Ctrl+C (SIGINT) and SIGTERM both end the wait below so the broker is disposed cleanly.
void RequestStop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, RequestStop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, RequestStop);

await using var broker = await LocalServiceBusBroker.StartAsync(topology, port, loggerFactory, cancellationToken: stop.Token);
Console.WriteLine(broker.ConnectionString);
Console.WriteLine("Press Ctrl+C to stop.");

try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    // Asked to stop: fall through to dispose the broker.
}

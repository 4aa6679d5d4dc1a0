using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using RiskAlerts.Functions;
using RiskAlerts.Infrastructure.Telemetry;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddRiskAlertsFunctions(builder.Configuration);
builder.Services.AddRiskAlertsTelemetry(builder.Configuration, "riskalerts-functions");
builder.Build().Run();

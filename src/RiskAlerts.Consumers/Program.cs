using RiskAlerts.Consumers;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddRiskAlertsConsumerHost(builder.Configuration);
await using var app = builder.Build();
app.MapConsumerHostEndpoints();
await app.RunAsync();

using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using RiskAlerts.Infrastructure.Storage;

namespace RiskAlerts.Host.Local;

/// <summary>Creates the tables on a local run; in Azure the deployment templates own them.</summary>
internal sealed class TableProvisioner(TableServiceClient tables, IOptions<StorageOptions> options, ILogger<TableProvisioner> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var table in options.Value.AllTables())
        {
            await tables.CreateTableIfNotExistsAsync(table, cancellationToken);
        }

        logger.LogInformation("Tables ready: {Tables}", string.Join(", ", options.Value.AllTables()));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

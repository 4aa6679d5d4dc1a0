using System.Diagnostics;
using Azure.Data.Tables;
using RiskAlerts.Host.Local;

namespace RiskAlerts.IntegrationTests.Hosting;

public sealed class AzuriteTableServerTests
{
    [Fact]
    public async Task ServesTablesAndLeavesNoProcessWhenDisposed()
    {
        var azurite = await AzuriteTableServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var processId = azurite.ProcessId;
        try
        {
            var tables = new TableServiceClient(azurite.ConnectionString);
            await tables.CreateTableIfNotExistsAsync("Probe", TestContext.Current.CancellationToken);
            var table = tables.GetTableClient("Probe");
            await table.AddEntityAsync(new TableEntity("p", "r") { ["Value"] = 7 }, TestContext.Current.CancellationToken);
            var read = await table.GetEntityAsync<TableEntity>("p", "r", cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(7, read.Value.GetInt32("Value"));
        }
        finally
        {
            await azurite.DisposeAsync();
        }

        Assert.False(IsRunning(processId), $"Azurite pid {processId} is still running after dispose");
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

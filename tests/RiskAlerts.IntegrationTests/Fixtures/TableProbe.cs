using Azure.Data.Tables;

namespace RiskAlerts.IntegrationTests.Fixtures;

/// <summary>Counts what a table holds, through the official client, for tests that show a refusal wrote nothing.</summary>
public static class TableProbe
{
    public static async Task<int> CountRowsAsync(TableServiceClient tables, string table)
    {
        var rows = 0;
        await foreach (var _ in tables.GetTableClient(table).QueryAsync<TableEntity>(select: ["PartitionKey"], cancellationToken: TestContext.Current.CancellationToken))
        {
            rows++;
        }

        return rows;
    }
}

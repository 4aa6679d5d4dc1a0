using Microsoft.Extensions.Logging;
using RiskAlerts.Core.Deliveries;

namespace RiskAlerts.Core.Warnings.Complete;

/// <summary>
/// The completion sweep: a Delivering warning none of whose deliveries is still pending (every row
/// Sent or settled) becomes Completed, so the status says the broadcast is over and the console stops
/// following it. A receipt that arrives later still settles its row. One existence query per
/// Delivering warning and sweep; a warning planned but not yet Delivering is left alone.
/// </summary>
public sealed class CompleteSettledWarningsHandler(IWarningStore warnings, IDeliveryStore deliveries, ILogger<CompleteSettledWarningsHandler> logger)
{
    /// <summary>The most warnings one sweep looks at.</summary>
    public const int MaxPerSweep = 500;

    /// <returns>How many warnings were completed.</returns>
    public async Task<int> HandleAsync(CancellationToken cancellationToken = default)
    {
        var completed = 0;
        var looked = 0;
        string? token = null;
        do
        {
            var page = await warnings.ListAsync(new WarningQuery { Status = WarningStatus.Delivering, PageSize = 100, ContinuationToken = token }, cancellationToken);
            foreach (var warning in page.Items)
            {
                looked++;
                if (await deliveries.HasPendingAsync(warning.Id, cancellationToken))
                {
                    continue;
                }

                var stored = await warnings.UpdateAsync(warning.Id, w => w.Status == WarningStatus.Delivering ? w with { Status = WarningStatus.Completed } : w, cancellationToken);
                if (stored?.Status == WarningStatus.Completed)
                {
                    completed++;
                    logger.LogInformation("Warning {WarningId} completed: no delivery is pending", warning.Id);
                }
            }

            token = page.ContinuationToken;
        }
        while (token is not null && looked < MaxPerSweep);

        return completed;
    }
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Warnings;

namespace RiskAlerts.Core.Privacy.Retention;

/// <summary>What one retention run did.</summary>
/// <param name="Warnings">Warnings whose rows were all pseudonymised in this run.</param>
/// <param name="RowsRead">Delivery rows read.</param>
/// <param name="RowsPseudonymised">Rows whose address this run replaced.</param>
/// <param name="Finished">False when the run stopped at its bound, or at a row that changed meanwhile: the next run goes on.</param>
/// <param name="Configured">False when no pseudonym key is configured and nothing could be done.</param>
public sealed record RetentionRun(int Warnings, int RowsRead, int RowsPseudonymised, bool Finished, bool Configured = true);

/// <summary>
/// Retention of delivery rows: the addresses of warnings accepted longer ago than
/// <see cref="RetentionOptions.DeliveryRowsAfter"/> are replaced by their keyed hash, so that the
/// evidence of old warnings still counts every delivery and an operator's lookup by a known number
/// still finds them, but no table keeps the number itself. Delivery rows hold no contact names.
/// <para>
/// Warnings are taken oldest first from the <see cref="IRetentionCheckpoint"/>; each is read a page of
/// rows at a time, and the checkpoint moves past it only once all its rows are done. A run reads at
/// most <see cref="RetentionOptions.MaxRowsPerRun"/> rows; one that stops (its bound, a crash) is
/// taken up by the next, which skips rows already pseudonymised (they are not written again).
/// </para>
/// </summary>
public sealed class PseudonymiseOldDeliveriesHandler(
    IWarningStore warnings,
    IDeliveryStore deliveries,
    AddressPseudonymiser pseudonymiser,
    DeliveryRowPseudonymisation pseudonymisation,
    IRetentionCheckpoint checkpoint,
    IOptions<RetentionOptions> options,
    TimeProvider timeProvider,
    ILogger<PseudonymiseOldDeliveriesHandler> logger)
{
    private const int RowsPerPage = 1_000;

    /// <summary>Runs once.</summary>
    public async Task<RetentionRun> HandleAsync(CancellationToken cancellationToken = default)
    {
        if (!pseudonymiser.IsConfigured)
        {
            logger.LogWarning("Retention: Privacy:PseudonymKey is not configured, so delivery rows older than {Days} days keep their addresses", options.Value.DeliveryRowsAfter.TotalDays);
            return new RetentionRun(0, 0, 0, Finished: false, Configured: false);
        }

        var cutoff = timeProvider.GetUtcNow() - options.Value.DeliveryRowsAfter;
        var done = await checkpoint.ReadAsync(cancellationToken);
        var due = await DueAsync(done, cutoff, cancellationToken);
        int warningsDone = 0, rowsRead = 0, rowsChanged = 0;
        foreach (var warning in due)
        {
            string? token = null;
            do
            {
                if (rowsRead >= options.Value.MaxRowsPerRun)
                {
                    return Stopped("its bound of rows");
                }

                var page = await deliveries.ListAsync(new DeliveryQuery { WarningId = warning.WarningId, PageSize = RowsPerPage, ContinuationToken = token }, cancellationToken);
                rowsRead += page.Items.Count;
                try
                {
                    rowsChanged += await pseudonymisation.PseudonymiseAsync(page.Items, cancellationToken);
                }
                catch (DeliveryConcurrencyException)
                {
                    // A row changed since it was read (a late receipt): the next run reads it again.
                    return Stopped($"a row of warning {warning.WarningId} that changed meanwhile");
                }

                token = page.ContinuationToken;
            }
            while (token is not null);

            await checkpoint.WriteAsync(warning, cancellationToken);
            warningsDone++;
        }

        if (warningsDone > 0)
        {
            logger.LogInformation("Retention: {Warnings} warnings accepted before {Cutoff:O} done; {Rows} delivery rows pseudonymised", warningsDone, cutoff, rowsChanged);
        }

        return new RetentionRun(warningsDone, rowsRead, rowsChanged, Finished: true);

        RetentionRun Stopped(string why)
        {
            logger.LogInformation("Retention: stopped at {Why} after {Warnings} warnings and {Rows} rows pseudonymised; the next run goes on", why, warningsDone, rowsChanged);
            return new RetentionRun(warningsDone, rowsRead, rowsChanged, Finished: false);
        }
    }

    /// <summary>The warnings after the checkpoint accepted before the cutoff, oldest first.</summary>
    private async Task<List<RetentionPosition>> DueAsync(RetentionPosition? done, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var due = new List<RetentionPosition>();
        string? token = null;
        do
        {
            // The list runs newest first; the window is bounded by the checkpoint, so only warnings not yet done are read.
            var page = await warnings.ListAsync(new WarningQuery { AcceptedFrom = done?.AcceptedAt, AcceptedTo = cutoff, PageSize = 100, ContinuationToken = token }, cancellationToken);
            due.AddRange(page.Items
                .Where(w => w.AcceptedAt < cutoff)
                .Select(w => new RetentionPosition(w.AcceptedAt, w.Id))
                .Where(p => done is null || p > done));
            token = page.ContinuationToken;
        }
        while (token is not null);

        due.Sort();
        return due;
    }
}

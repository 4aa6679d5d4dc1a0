using Microsoft.Extensions.Logging;
using RiskAlerts.Core.Acknowledgements;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries.Summary;
using RiskAlerts.Core.Operations.Pauses;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Warnings;

namespace RiskAlerts.Core.Operations.Overview;

/// <summary>The operations overview: the last day's warnings and how their deliveries went, and what waits in Service Bus.</summary>
/// <param name="Since">Start of the window (24 hours before <paramref name="At"/>).</param>
/// <param name="At">When the overview was taken.</param>
/// <param name="WarningsInWindow">Warnings accepted in the window (those the principal may see).</param>
/// <param name="Warnings">The most recent of them with their progress, newest first.</param>
/// <param name="ByChannel">Deliveries of the listed real (CAP Actual) warnings per channel; exercises and tests are left out.</param>
/// <param name="ByProvider">Deliveries of the listed real warnings per provider that handled them; exercises and tests are left out.</param>
/// <param name="Backlog">Waiting messages per entity; null for analysts, or when it could not be read.</param>
/// <param name="BacklogError">Why the backlog could not be read, when it could not.</param>
/// <param name="Pauses">The channel and provider pauses in force.</param>
public sealed record OperationsOverview(
    DateTimeOffset Since,
    DateTimeOffset At,
    int WarningsInWindow,
    IReadOnlyList<WarningProgress> Warnings,
    IReadOnlyDictionary<Channel, DeliveryTally> ByChannel,
    IReadOnlyDictionary<string, DeliveryTally> ByProvider,
    IReadOnlyList<EntityBacklog>? Backlog,
    string? BacklogError,
    PauseState Pauses);

/// <summary>One warning and how far its deliveries got.</summary>
/// <param name="Warning">The warning.</param>
/// <param name="Tally">Its deliveries.</param>
/// <param name="FirstSentAt">When the first message was accepted by a provider.</param>
/// <param name="LastSentAt">When the last one was.</param>
/// <param name="Enterprises">Enterprises it reached.</param>
/// <param name="EnterprisesAcknowledged">Enterprises of which a contact (or the enterprise itself) acknowledged it.</param>
public sealed record WarningProgress(Warning Warning, DeliveryTally Tally, DateTimeOffset? FirstSentAt, DateTimeOffset? LastSentAt, int Enterprises = 0, int EnterprisesAcknowledged = 0);

/// <summary>
/// Builds the overview. Each listed warning's totals are counted from its delivery rows (see
/// <see cref="GetDeliverySummaryHandler"/>), so only the most recent <see cref="MaxSummarised"/>
/// warnings are summarised; the rates are over the real ones among those: an exercise or test is
/// listed with its own progress, but is left out of the totals by channel and provider, so a
/// rehearsal never flatters or spoils the success rates of real warnings.
/// </summary>
public sealed class GetOperationsOverviewHandler(
    IWarningStore warnings,
    GetDeliverySummaryHandler summarise,
    IAcknowledgementStore acknowledgements,
    IServiceBusBacklog backlog,
    ListPausesHandler listPauses,
    TimeProvider timeProvider,
    ILogger<GetOperationsOverviewHandler> logger)
{
    /// <summary>How many of the window's warnings are summarised.</summary>
    public const int MaxSummarised = 25;

    /// <summary>The window.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    private const int WarningsAtOnce = 4;
    private const int MaxScanned = 2_000;

    /// <summary>The overview as <paramref name="principal"/> may see it: analysts see their own warnings and no Service Bus backlog.</summary>
    public async Task<OperationsOverview> HandleAsync(Principal principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var at = timeProvider.GetUtcNow();
        var since = at - Window;
        var isOperator = principal.IsInAnyRole([Role.Operator, Role.Admin]);

        var inWindow = await warnings.ListAcceptedSinceAsync(since, isOperator ? null : principal.Name, MaxScanned, cancellationToken);
        var recent = inWindow.OrderByDescending(w => w.AcceptedAt).Take(MaxSummarised).ToList();
        var summaries = new DeliverySummary[recent.Count];
        var acknowledged = new AcknowledgementSummary[recent.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, recent.Count),
            new ParallelOptions { MaxDegreeOfParallelism = WarningsAtOnce, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                summaries[i] = await summarise.HandleAsync(recent[i].Id, token);
                acknowledged[i] = AcknowledgementSummary.Of(summaries[i].Enterprises, await acknowledgements.ListAsync(recent[i].Id, token));
            });

        var byChannel = new Dictionary<Channel, DeliveryTally>();
        var byProvider = new Dictionary<string, DeliveryTally>(StringComparer.Ordinal);
        foreach (var summary in summaries.Where((_, i) => !recent[i].CapStatus.IsRehearsal()))
        {
            foreach (var (channel, counts) in summary.ByChannel)
            {
                byChannel[channel] = byChannel.GetValueOrDefault(channel) + DeliveryTally.Of(counts);
            }

            foreach (var (provider, counts) in summary.ByProvider)
            {
                byProvider[provider] = byProvider.GetValueOrDefault(provider) + DeliveryTally.Of(counts);
            }
        }

        IReadOnlyList<EntityBacklog>? waiting = null;
        string? backlogError = null;
        if (isOperator)
        {
            try
            {
                waiting = await backlog.ReadAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The rest of the overview is still worth showing; the operator is told what is missing.
                logger.LogWarning(ex, "The Service Bus backlog could not be read for the overview");
                backlogError = $"The Service Bus backlog could not be read: {ex.GetType().Name}.";
            }
        }

        return new OperationsOverview(
            since,
            at,
            inWindow.Count,
            [.. recent.Select((w, i) => new WarningProgress(w, DeliveryTally.Of(summaries[i].ByStatus), summaries[i].FirstSentAt, summaries[i].LastSentAt, acknowledged[i].Enterprises, acknowledged[i].Acknowledged.Count))],
            byChannel,
            byProvider.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            waiting,
            backlogError,
            await listPauses.HandleAsync(cancellationToken));
    }
}

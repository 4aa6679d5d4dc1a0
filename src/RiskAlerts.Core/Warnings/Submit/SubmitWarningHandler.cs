using Microsoft.Extensions.Logging;

namespace RiskAlerts.Core.Warnings.Submit;

/// <summary>
/// Accepts a warning: validates it, stores it, then hands it to the <c>warnings</c> queue.
/// Storing comes first so nothing accepted is lost: a warning whose publish fails stays
/// unpublished in the store, where the outbox sweep finds and re-publishes it.
/// </summary>
public sealed class SubmitWarningHandler(
    IWarningStore store,
    IWarningQueue queue,
    TimeProvider timeProvider,
    ILogger<SubmitWarningHandler> logger)
{
    public async Task<Warning> HandleAsync(SubmitWarningCommand command, CancellationToken cancellationToken = default)
    {
        SubmitWarningValidator.Validate(command).ThrowIfAny();

        var acceptedAt = timeProvider.GetUtcNow();
        var warning = new Warning
        {
            Id = WarningId.New(acceptedAt),
            Headline = command.Headline!.Trim(),
            Description = command.Description!.Trim(),
            Severity = command.Severity!,
            RegionCode = command.RegionCode!,
            Status = WarningStatus.Accepted,
            AcceptedAt = acceptedAt,
            SubmittedBy = command.SubmittedBy,
        };

        await store.InsertAsync(warning, cancellationToken);
        logger.LogInformation("Warning {WarningId} accepted for region {RegionCode} with severity {Severity}", warning.Id, warning.RegionCode, warning.Severity);

        await queue.PublishAsync(warning, cancellationToken);
        var publishedAt = timeProvider.GetUtcNow();
        await store.MarkPublishedAsync(warning.Id, publishedAt, cancellationToken);
        return warning with { PublishedAt = publishedAt };
    }
}

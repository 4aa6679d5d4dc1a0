using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Warnings;

namespace RiskAlerts.Core.Deliveries.Plan;

/// <summary>
/// Who an Update or Cancel goes to as a correction: every contact × channel that an earlier version
/// was sent to, read from those versions' Deliveries rows (never matched again, so a contact that
/// moved or unsubscribed since still hears that what it was told is void). Before reading, the
/// version it replaces is stopped, as a retraction stops it: its pending rows expire at the senders
/// and nothing more of it is sent.
/// </summary>
public sealed class EarlierRecipients(IWarningStore warnings, IDeliveryStore deliveries, IOptions<DeliveryOptions> options, TimeProvider timeProvider, ILogger<EarlierRecipients> logger)
{
    private const int PageSize = 1_000;

    /// <summary>
    /// Rows in these states were (or may have been) sent: a correction of something never received
    /// is a smaller harm than a false alarm never called off. Planned rows were not sent and expire.
    /// </summary>
    private static readonly DeliveryStatus[] SentStates = [DeliveryStatus.Sent, DeliveryStatus.Delivered, DeliveryStatus.Undelivered, DeliveryStatus.Unknown, DeliveryStatus.Sending];

    /// <summary>Stops the version <paramref name="followUp"/> replaces, waits until no sender can still be sending it, and reads who its versions were sent to.</summary>
    /// <returns>The recipients by row key (<c>{channel}_{uscc}_{contactId}</c>), each once.</returns>
    public async Task<IReadOnlyDictionary<string, MatchedRecipient>> StopAndReadAsync(Warning followUp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(followUp);
        if (followUp.References.Count == 0)
        {
            return new Dictionary<string, MatchedRecipient>();
        }

        var stoppedAt = await StopAsync(followUp, followUp.References[^1].Id, cancellationToken);

        // Senders see a warning's status through a cache: until it has lapsed, one may still send
        // the stopped version, and a row it marks Sent afterwards would miss its correction.
        var settled = stoppedAt + options.Value.WarningCacheDuration - timeProvider.GetUtcNow();
        if (settled > TimeSpan.Zero)
        {
            await Task.Delay(settled, timeProvider, cancellationToken);
        }

        var recipients = new Dictionary<string, MatchedRecipient>(StringComparer.Ordinal);

        // Newest version first: a contact × channel sent several versions is taken at the address it was last sent to.
        foreach (var reference in followUp.References.Reverse())
        {
            string? token = null;
            do
            {
                var page = await deliveries.ListAsync(new DeliveryQuery { WarningId = reference.Id, PageSize = PageSize, ContinuationToken = token }, cancellationToken);
                foreach (var row in page.Items.Where(r => SentStates.Contains(r.Status)))
                {
                    recipients.TryAdd(row.RowKey, ToRecipient(row));
                }

                token = page.ContinuationToken;
            }
            while (token is not null);
        }

        logger.LogInformation("{MessageType} {WarningId}: {Count} earlier recipients over {Versions} versions", followUp.MessageType, followUp.Id, recipients.Count, followUp.References.Count);
        return recipients;
    }

    /// <summary>The row key a recipient's row has, in every version of a warning.</summary>
    public static string RowKeyOf(MatchedRecipient recipient) => DeliveryKeys.RowKey(recipient.Channel, recipient.Uscc.Value, recipient.ContactId);

    /// <returns>When the version was stopped for this follow-up (on a re-run, the first time).</returns>
    private async Task<DateTimeOffset> StopAsync(Warning followUp, string replacedId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var kind = followUp.MessageType == WarningMessageType.Cancel ? WarningStepKind.CalledOff : WarningStepKind.Updated;
        var note = followUp.MessageType == WarningMessageType.Cancel ? $"{followUp.Id}: {followUp.Description}" : followUp.Id;
        var stopped = await warnings.UpdateAsync(
            replacedId,
            w => w.SupersededBy is not null
                ? w
                : (w with
                {
                    // An expired version stays Expired: that is still true of it, and nothing of it is pending.
                    Status = w.Status == WarningStatus.Expired ? w.Status : kind == WarningStepKind.CalledOff ? WarningStatus.Cancelled : WarningStatus.Superseded,
                    SupersededBy = followUp.Id,
                }).WithStep(kind, followUp.SubmittedBy, now, note),
            cancellationToken);
        if (stopped is null)
        {
            logger.LogWarning("{MessageType} {WarningId} replaces {Replaced}, which does not exist", followUp.MessageType, followUp.Id, replacedId);
            return now;
        }

        if (!string.Equals(stopped.SupersededBy, followUp.Id, StringComparison.Ordinal))
        {
            // Two follow-ups of the same version: the other was planned first. Both are sent.
            logger.LogWarning("Warning {Replaced} was already replaced by {Other}; {WarningId} goes out as well", replacedId, stopped.SupersededBy, followUp.Id);
        }

        return stopped.Trail.LastOrDefault(s => s.Kind == kind && s.Note?.StartsWith(followUp.Id, StringComparison.Ordinal) == true)?.At ?? now;
    }

    private static MatchedRecipient ToRecipient(DeliveryRecord row) => new(
        UnifiedSocialCreditCode.Parse(row.Uscc),
        row.ContactId,
        row.Channel,
        row.Address,
        MatchReason.Region,
        DeferUntil: null,
        RegionCode.Parse(row.County ?? throw new InvalidDataException($"Delivery {row.PartitionKey}/{row.RowKey} has no county.")));
}

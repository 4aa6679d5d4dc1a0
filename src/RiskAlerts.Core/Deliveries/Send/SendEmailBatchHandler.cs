using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries.Email;
using RiskAlerts.Core.Deliveries.Links;
using RiskAlerts.Core.Registrations.OptOut;
using RiskAlerts.Core.Telemetry;
using RiskAlerts.Core.Warnings;
using RiskAlerts.Core.Warnings.Exercises;

namespace RiskAlerts.Core.Deliveries.Send;

/// <summary>
/// Sends a <c>deliveries/email</c> batch: one email per contact through <see cref="IEmailSender"/>
/// (zh-CN HTML and text, acknowledge and unsubscribe links, <c>List-Unsubscribe</c>), several at
/// once. Outcomes are written as emails finish, in groups of at most
/// <see cref="DeliveryOptions.EmailCheckpointSize"/>, each written at the latest
/// <see cref="DeliveryOptions.EmailCheckpointInterval"/> after its first email finished.
/// SMTP cannot be asked whether it took a message, so the batch is claimed first; a sender taking
/// over from one that stopped sends again what was not recorded (a duplicate rather than a miss),
/// and the delivery id in the <c>Message-Id</c> lets mail clients recognise the second copy.
/// </summary>
public sealed class SendEmailBatchHandler(
    WarningCache warnings,
    IDeliveryStore deliveries,
    IDeliveryBatchClaims claims,
    IDeliveryBatchPublisher publisher,
    IEmailSender email,
    DeliveryLinks links,
    IOptOutLedger optOuts,
    IOptions<ExerciseOptions> exercises,
    FollowUpWording followUpWording,
    IOptions<DeliveryOptions> options,
    TimeProvider timeProvider,
    RiskAlertsTelemetry telemetry,
    ILogger<SendEmailBatchHandler> logger)
    : DeliverySender(warnings, deliveries, claims, publisher, optOuts, options, timeProvider, telemetry, logger)
{
    /// <summary>The provider name recorded on email rows.</summary>
    public const string ProviderName = "smtp";

    /// <summary>The delivery id of a row: <c>{partitionKey}:{rowKey}</c>.</summary>
    public static string DeliveryIdOf(DeliveryRecord row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return $"{row.PartitionKey}:{row.RowKey}";
    }

    /// <inheritdoc />
    protected override bool NeedsClaim => true;

    /// <inheritdoc />
    protected override bool ResolveInterrupted => true;

    /// <inheritdoc />
    protected override async IAsyncEnumerable<IReadOnlyList<RecipientSendResult>> SendAsync(
        Warning warning,
        DeliveryBatch batch,
        IReadOnlyList<DeliveryRecord> rows,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The headline makes the subject and the heading, so an exercise's prefix shows in both; those
        // sent an earlier version read in the subject that this corrects or calls it off.
        var content = ContentOf(warning, exercises.Value.PrefixFor(warning.CapStatus), batch.FollowsEarlier ? followUpWording.LeadFor(warning) : null);
        // Sends run on while the last outcomes are written. A write gathers what finished until it
        // fills a transaction, the batch is done, or the checkpoint interval since its first email
        // passed: a fast server costs one write per batch, and a crash leaves unrecorded at most one
        // group (a transaction's worth, or one interval of a slow server's emails).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var finished = System.Threading.Channels.Channel.CreateUnbounded<FinishedSend>(new UnboundedChannelOptions { SingleReader = true });
        var sending = SendAllAsync(content, rows, finished.Writer, stop.Token);
        try
        {
            var group = new List<RecipientSendResult>(Options.EmailCheckpointSize);
            while (await finished.Reader.WaitToReadAsync(cancellationToken))
            {
                await GatherAsync(finished.Reader, group, cancellationToken);
                yield return [.. group];
                group.Clear();
            }
        }
        finally
        {
            // The caller stopped reading (its write failed, the host is stopping): no email may
            // leave whose outcome nobody would record.
            await stop.CancelAsync();
            await sending;
        }
    }

    /// <summary>
    /// Fills <paramref name="group"/> until it holds a transaction's worth, the sends are done, or the
    /// checkpoint interval since the first of the group finished ran out.
    /// </summary>
    private async Task GatherAsync(ChannelReader<FinishedSend> finished, List<RecipientSendResult> group, CancellationToken cancellationToken)
    {
        long? first = null;
        while (group.Count < Options.EmailCheckpointSize)
        {
            if (finished.TryRead(out var send))
            {
                first ??= send.FinishedAt;
                group.Add(send.Result);
                continue;
            }

            var left = Options.EmailCheckpointInterval - Clock.GetElapsedTime(first ?? Clock.GetTimestamp());
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            using var interval = new CancellationTokenSource(left, Clock);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, interval.Token);
            try
            {
                if (!await finished.WaitToReadAsync(wait.Token))
                {
                    return; // Every send finished.
                }
            }
            catch (OperationCanceledException) when (interval.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task SendAllAsync(EmailWarning content, IReadOnlyList<DeliveryRecord> rows, ChannelWriter<FinishedSend> finished, CancellationToken cancellationToken)
    {
        try
        {
            await Parallel.ForEachAsync(
                rows,
                new ParallelOptions { MaxDegreeOfParallelism = Options.EmailParallelism, CancellationToken = cancellationToken },
                async (row, token) =>
                {
                    var result = await SendOneAsync(content, row, token);
                    finished.TryWrite(new FinishedSend(result, Clock.GetTimestamp()));
                });
            finished.TryComplete();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            finished.TryComplete(ex);
        }
    }

    private async Task<RecipientSendResult> SendOneAsync(EmailWarning content, DeliveryRecord row, CancellationToken cancellationToken)
    {
        // MailKit emits no spans of its own: this one is the provider call in the warning's trace.
        using var activity = RiskAlertsTelemetry.ActivitySource.StartActivity("smtp send", ActivityKind.Client);
        var deliveryId = DeliveryIdOf(row);
        activity?.SetTag("riskalerts.delivery.id", deliveryId);
        // The token signs the acknowledge and unsubscribe links, which then work without signing in.
        var outcome = await email.SendAsync(new EmailDelivery(deliveryId, row.Address, null, content, links.TokenFor(deliveryId)), cancellationToken);
        activity?.SetTag("riskalerts.delivery.outcome", outcome.GetType().Name);
        if (outcome is not EmailSendResult.Accepted)
        {
            activity?.SetStatus(ActivityStatusCode.Error, outcome.GetType().Name);
        }

        return outcome switch
        {
            EmailSendResult.Accepted accepted => new RecipientSendResult(row.RowKey, RecipientSendKind.Accepted, ProviderName, accepted.MessageId, null),
            EmailSendResult.PermanentFailure permanent => new RecipientSendResult(row.RowKey, RecipientSendKind.PermanentFailure, ProviderName, null, $"{permanent.Code}: {permanent.Reason}"),
            EmailSendResult.TransientFailure transient => new RecipientSendResult(row.RowKey, RecipientSendKind.TransientFailure, ProviderName, null, transient.Reason),
            _ => new RecipientSendResult(row.RowKey, RecipientSendKind.TransientFailure, ProviderName, null, "unknown outcome"),
        };
    }

    /// <summary>A send's result and when it finished (a <see cref="TimeProvider"/> timestamp).</summary>
    private readonly record struct FinishedSend(RecipientSendResult Result, long FinishedAt);

    /// <summary>The warning as its email shows it.</summary>
    /// <param name="warning">The warning.</param>
    /// <param name="prefix">Put before the headline: an exercise's prefix, or empty.</param>
    /// <param name="followUpLead">For a recipient of an earlier version, what says this corrects or calls it off; null otherwise.</param>
    public static EmailWarning ContentOf(Warning warning, string prefix = "", string? followUpLead = null)
    {
        ArgumentNullException.ThrowIfNull(warning);
        // A Cancel's description is its reason, so its subject is the lead alone.
        var headline = prefix + (followUpLead is null ? warning.Headline
            : warning.MessageType == WarningMessageType.Cancel ? followUpLead.TrimEnd('：', ':')
            : followUpLead + warning.Headline);
        return new EmailWarning(warning.Id, headline, ToAlertSeverity(warning.Severity), warning.Description, warning.Instruction ?? string.Empty, Issuer: string.IsNullOrEmpty(warning.OrganisationName) ? null : warning.OrganisationName);
    }

    /// <summary>The severity as the email content names it.</summary>
    public static AlertSeverity ToAlertSeverity(Severity severity) => severity switch
    {
        Severity.Extreme => AlertSeverity.Extreme,
        Severity.Severe => AlertSeverity.Severe,
        Severity.Moderate => AlertSeverity.Moderate,
        Severity.Minor => AlertSeverity.Minor,
        _ => AlertSeverity.Unknown,
    };
}

using System.Diagnostics;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries.Send;
using RiskAlerts.Core.Operations.Pauses;
using RiskAlerts.Core.Telemetry;
using RiskAlerts.Infrastructure.Messaging.Deliveries;
using RiskAlerts.Infrastructure.Messaging.Operations;

namespace RiskAlerts.Infrastructure.Messaging.Consumers;

/// <summary>
/// A sender: consumes one subscription of the <c>deliveries</c> topic and hands each batch to its
/// channel's use case. It reads the operators' pauses every <see cref="ConsumerOptions.PausePollInterval"/>,
/// takes no messages while its channel is paused, and keeps <see cref="LivePauseState"/> current
/// for SMS failover.
/// </summary>
/// <typeparam name="THandler">The channel's sender use case.</typeparam>
public abstract class DeliverySenderConsumer<THandler>(
    ServiceBusClient client,
    IServiceScopeFactory scopes,
    IChannelPauseStore pauses,
    LivePauseState pauseState,
    ConsumerOptions options,
    ProcessorSettings settings,
    RiskAlertsTelemetry telemetry,
    ILogger logger)
    : ServiceBusConsumer(client, settings, telemetry, logger)
    where THandler : DeliverySender
{
    /// <summary>The channel, as pauses name it.</summary>
    protected abstract string Channel { get; }

    /// <inheritdoc />
    protected override TimeSpan? PausePollInterval => options.PausePollInterval;

    /// <inheritdoc />
    protected override async Task<bool> IsPausedAsync(CancellationToken cancellationToken) =>
        pauseState.Update(await pauses.ListAsync(cancellationToken)).IsChannelPaused(Channel);

    /// <inheritdoc />
    protected override async Task<ConsumerResult> HandleAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var batch = DeliveryBatchMessage.Read(message.Body, message.MessageId);
        if (batch is null)
        {
            return ConsumerResult.DeadLetter("MalformedMessage", $"Message {message.MessageId} is not a delivery batch.");
        }

        if (message.ApplicationProperties.ContainsKey(ServiceBusDeadLetterQueues.ReplayedFromProperty))
        {
            // An operator's replay starts the batch's retry budget afresh (its copy carries the last attempt's number).
            batch = batch with { Attempt = 1, IsOperatorReplay = true };
        }

        if (message.DeliveryCount > 1)
        {
            // Handled before by a sender that did not settle it (it stopped, its lock ran out): read first.
            batch = batch with { Verify = true };
            Logger.LogInformation("Batch {MessageId} is delivered again (delivery {DeliveryCount}); its rows are read first", batch.MessageId, message.DeliveryCount);
        }

        Activity.Current?.SetTag("riskalerts.warning.id", batch.WarningId)
            .SetTag("riskalerts.delivery.channel", batch.Channel.ToWireName())
            .SetTag("riskalerts.batch.recipients", batch.Recipients.Count);

        await using var scope = scopes.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<THandler>().HandleAsync(batch, cancellationToken);
        return outcome.IsDeadLetter ? ConsumerResult.DeadLetter(outcome.DeadLetterReason!, outcome.DeadLetterDescription ?? string.Empty) : ConsumerResult.Complete;
    }
}

/// <summary>The SMS sender on <c>deliveries/sms</c>.</summary>
public sealed class SmsSenderConsumer(
    ServiceBusClient client,
    IServiceScopeFactory scopes,
    IChannelPauseStore pauses,
    LivePauseState pauseState,
    IOptions<MessagingOptions> messaging,
    IOptions<ConsumerOptions> options,
    RiskAlertsTelemetry telemetry,
    ILogger<SmsSenderConsumer> logger)
    : DeliverySenderConsumer<SendSmsBatchHandler>(client, scopes, pauses, pauseState, options.Value, options.Value.Sms, telemetry, logger)
{
    /// <inheritdoc />
    protected override string Channel => PauseTargetCatalog.Sms;

    /// <inheritdoc />
    protected override string Name => "sms-sender";

    /// <inheritdoc />
    protected override ServiceBusProcessor CreateProcessor(ServiceBusClient client, ServiceBusProcessorOptions options) =>
        client.CreateProcessor(messaging.Value.DeliveriesTopic, messaging.Value.SmsSubscription, options);
}

/// <summary>The email sender on <c>deliveries/email</c>.</summary>
public sealed class EmailSenderConsumer(
    ServiceBusClient client,
    IServiceScopeFactory scopes,
    IChannelPauseStore pauses,
    LivePauseState pauseState,
    IOptions<MessagingOptions> messaging,
    IOptions<ConsumerOptions> options,
    RiskAlertsTelemetry telemetry,
    ILogger<EmailSenderConsumer> logger)
    : DeliverySenderConsumer<SendEmailBatchHandler>(client, scopes, pauses, pauseState, options.Value, options.Value.Email, telemetry, logger)
{
    /// <inheritdoc />
    protected override string Channel => PauseTargetCatalog.Email;

    /// <inheritdoc />
    protected override string Name => "email-sender";

    /// <inheritdoc />
    protected override ServiceBusProcessor CreateProcessor(ServiceBusClient client, ServiceBusProcessorOptions options) =>
        client.CreateProcessor(messaging.Value.DeliveriesTopic, messaging.Value.EmailSubscription, options);
}

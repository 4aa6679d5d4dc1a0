using System.Diagnostics;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RiskAlerts.Core.Telemetry;

namespace RiskAlerts.Infrastructure.Messaging.Consumers;

/// <summary>What a consumer decided about a message it handled without an exception.</summary>
/// <param name="DeadLetterReason">Null to complete; otherwise the reason an operator reads on the dead-lettered message.</param>
/// <param name="DeadLetterDescription">The description that goes with the reason.</param>
public sealed record ConsumerResult(string? DeadLetterReason = null, string? DeadLetterDescription = null)
{
    /// <summary>Complete the message.</summary>
    public static ConsumerResult Complete { get; } = new();

    /// <summary>Dead-letter the message: a known permanent problem that retrying cannot fix.</summary>
    public static ConsumerResult DeadLetter(string reason, string description) => new(reason, description);
}

/// <summary>
/// A Service Bus consumer as a <see cref="BackgroundService"/> over <see cref="ServiceBusProcessor"/>
/// (peek-lock, no auto-complete). A handled message is completed, or dead-lettered when the handler
/// says it can never succeed. An exception is not swallowed: the message is abandoned and the
/// exception reaches the processor's error handler, so Service Bus redelivers it and, after its
/// max delivery count, dead-letters it. A consumer that can be paused polls its pause state and
/// stops and restarts its processor accordingly.
/// </summary>
/// <remarks>
/// Each message is handled inside a <c>{Name} process</c> span that continues the trace the sender
/// stamped on the message, so the deliveries the planner publishes and the provider calls the
/// senders make stay in the warning's trace.
/// </remarks>
public abstract class ServiceBusConsumer(ServiceBusClient client, ProcessorSettings settings, RiskAlertsTelemetry telemetry, ILogger logger) : BackgroundService
{
    // Cancelled DrainTimeout after the host began to stop: the handlers' token, so that what is in
    // flight finishes (its outcomes written) and only what cannot finish in time is abandoned.
    private readonly CancellationTokenSource _drained = new();

    /// <summary>The consumer's logger.</summary>
    protected ILogger Logger => logger;

    /// <summary>A name for logs.</summary>
    protected abstract string Name { get; }

    /// <summary>Creates the processor for the consumer's queue or subscription.</summary>
    protected abstract ServiceBusProcessor CreateProcessor(ServiceBusClient client, ServiceBusProcessorOptions options);

    /// <summary>Handles one message.</summary>
    protected abstract Task<ConsumerResult> HandleAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken);

    /// <summary>How often to ask <see cref="IsPausedAsync"/>; null for a consumer that cannot be paused.</summary>
    protected virtual TimeSpan? PausePollInterval => null;

    /// <summary>Whether the consumer should take no messages now. Only asked when <see cref="PausePollInterval"/> is set.</summary>
    protected virtual Task<bool> IsPausedAsync(CancellationToken cancellationToken) => Task.FromResult(false);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var drain = stoppingToken.Register(() => _drained.CancelAfter(settings.DrainTimeout));
        var options = new ServiceBusProcessorOptions
        {
            AutoCompleteMessages = false,
            MaxConcurrentCalls = settings.MaxConcurrentCalls,
            PrefetchCount = settings.PrefetchCount,
            MaxAutoLockRenewalDuration = settings.MaxAutoLockRenewalDuration,
            ReceiveMode = ServiceBusReceiveMode.PeekLock,
        };
        await using var processor = CreateProcessor(client, options);
        processor.ProcessMessageAsync += ProcessAsync;
        processor.ProcessErrorAsync += OnErrorAsync;
        try
        {
            var paused = PausePollInterval is not null && await ReadPausedAsync(paused: false, stoppingToken);
            if (paused)
            {
                logger.LogWarning("Consumer {Consumer} starts paused on {EntityPath}", Name, processor.EntityPath);
            }
            else
            {
                await processor.StartProcessingAsync(stoppingToken);
                logger.LogInformation("Consumer {Consumer} started on {EntityPath} ({MaxConcurrentCalls} at once)", Name, processor.EntityPath, settings.MaxConcurrentCalls);
            }

            if (PausePollInterval is not { } interval)
            {
                await Task.Delay(Timeout.Infinite, stoppingToken);
            }
            else
            {
                using var timer = new PeriodicTimer(interval);
                while (await timer.WaitForNextTickAsync(stoppingToken))
                {
                    var nowPaused = await ReadPausedAsync(paused, stoppingToken);
                    if (nowPaused == paused)
                    {
                        continue;
                    }

                    if (nowPaused)
                    {
                        // Waits for the handlers in flight; they finish their batches (see ProcessAsync).
                        // Messages not taken stay in the subscription, unlocked.
                        await processor.StopProcessingAsync(CancellationToken.None);
                        logger.LogWarning("Consumer {Consumer} paused: no more messages taken from {EntityPath}", Name, processor.EntityPath);
                    }
                    else
                    {
                        await processor.StartProcessingAsync(stoppingToken);
                        logger.LogWarning("Consumer {Consumer} resumed on {EntityPath}", Name, processor.EntityPath);
                    }

                    paused = nowPaused;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }

        // No new messages; those in flight finish within the drain time (or are cancelled and
        // abandoned, so another replica takes them at once) before the processor closes.
        logger.LogInformation("Consumer {Consumer} stopping: messages in flight get {DrainMs} ms to finish", Name, (long)settings.DrainTimeout.TotalMilliseconds);
        await processor.StopProcessingAsync(CancellationToken.None);
        logger.LogInformation("Consumer {Consumer} stopped", Name);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _drained.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The pause state, or the one last known when it cannot be read (the store is briefly unreachable).</summary>
    private async Task<bool> ReadPausedAsync(bool paused, CancellationToken stoppingToken)
    {
        try
        {
            return await IsPausedAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Consumer {Consumer} could not read its pause state; it stays {State}", Name, paused ? "paused" : "running");
            return paused;
        }
    }

    private async Task ProcessAsync(ProcessMessageEventArgs args)
    {
        using var activity = StartProcessActivity(args);

        // The handler and the settlement run under the drain token, not args.CancellationToken: the
        // processor cancels that one on StopProcessingAsync, and a pause or a stop must let a batch in
        // flight finish rather than cut it between a provider's answer and the write of its outcome.
        var cancellationToken = _drained.Token;
        ConsumerResult result;
        try
        {
            result = await HandleAsync(args.Message, cancellationToken);
        }
        catch (Exception ex)
        {
            activity?.AddException(ex).SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            logger.LogError(ex, "Consumer {Consumer} failed on message {MessageId} (delivery {DeliveryCount}); abandoned for redelivery", Name, args.Message.MessageId, args.Message.DeliveryCount);
            await args.AbandonMessageAsync(args.Message, cancellationToken: CancellationToken.None);
            throw;
        }

        if (result.DeadLetterReason is { } reason)
        {
            activity?.SetStatus(ActivityStatusCode.Error, reason);
            logger.LogWarning("Consumer {Consumer} dead-letters message {MessageId}: {Reason} {Description}", Name, args.Message.MessageId, reason, result.DeadLetterDescription);
            await args.DeadLetterMessageAsync(args.Message, reason, result.DeadLetterDescription, cancellationToken);
            telemetry.DeadLetters.Add(1, new KeyValuePair<string, object?>("entity", args.EntityPath), new KeyValuePair<string, object?>("reason", reason));
            return;
        }

        await args.CompleteMessageAsync(args.Message, cancellationToken);
    }

    /// <summary>
    /// Starts the product span of one message as a child of the trace context in the message
    /// (<c>traceparent</c>, or the older <c>Diagnostic-Id</c>, which the Service Bus client stamps on
    /// every message it sends). When the Service Bus processor's own span is current and already in
    /// that trace (it is when the Azure SDK's activity source is on), the span nests under it; when it
    /// is not (the SDK's spans are off), the message's context is the parent, so the trace still holds.
    /// </summary>
    private Activity? StartProcessActivity(ProcessMessageEventArgs args)
    {
        var message = args.Message;
        var properties = message.ApplicationProperties;
        var traceparent = (properties.TryGetValue("traceparent", out var tp) ? tp : properties.GetValueOrDefault("Diagnostic-Id")) as string;
        var tracestate = properties.GetValueOrDefault("tracestate") as string;
        ActivityContext.TryParse(traceparent, tracestate, isRemote: true, out var sent);

        var current = Activity.Current;
        var nested = current is not null && (sent == default || current.TraceId == sent.TraceId);
        var activity = RiskAlertsTelemetry.ActivitySource.StartActivity(
            $"{Name} process",
            nested ? ActivityKind.Internal : ActivityKind.Consumer,
            nested ? current!.Context : sent);
        activity?.SetTag("messaging.system", "servicebus")
            .SetTag("messaging.destination.name", args.EntityPath)
            .SetTag("messaging.message.id", message.MessageId)
            .SetTag("messaging.message.delivery_count", message.DeliveryCount);
        return activity;
    }

    private Task OnErrorAsync(ProcessErrorEventArgs args)
    {
        // Handler exceptions were logged with their message above; this sees them again and transport errors.
        if (args.ErrorSource != ServiceBusErrorSource.ProcessMessageCallback)
        {
            logger.LogError(args.Exception, "Consumer {Consumer}: {ErrorSource} error on {EntityPath}", Name, args.ErrorSource, args.EntityPath);
        }

        return Task.CompletedTask;
    }
}

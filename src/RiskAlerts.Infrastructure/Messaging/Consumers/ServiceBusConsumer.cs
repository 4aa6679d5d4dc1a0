using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

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
/// max delivery count, dead-letters it.
/// </summary>
public abstract class ServiceBusConsumer(ServiceBusClient client, ProcessorSettings settings, ILogger logger) : BackgroundService
{
    /// <summary>A name for logs.</summary>
    protected abstract string Name { get; }

    /// <summary>Creates the processor for the consumer's queue or subscription.</summary>
    protected abstract ServiceBusProcessor CreateProcessor(ServiceBusClient client, ServiceBusProcessorOptions options);

    /// <summary>Handles one message.</summary>
    protected abstract Task<ConsumerResult> HandleAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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
        await processor.StartProcessingAsync(stoppingToken);
        logger.LogInformation("Consumer {Consumer} started on {EntityPath} ({MaxConcurrentCalls} at once)", Name, processor.EntityPath, settings.MaxConcurrentCalls);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }

        // Messages in flight finish (or are abandoned by their cancellation) before the processor closes.
        await processor.StopProcessingAsync(CancellationToken.None);
        logger.LogInformation("Consumer {Consumer} stopped", Name);
    }

    private async Task ProcessAsync(ProcessMessageEventArgs args)
    {
        ConsumerResult result;
        try
        {
            result = await HandleAsync(args.Message, args.CancellationToken);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Consumer {Consumer} failed on message {MessageId} (delivery {DeliveryCount}); abandoned for redelivery", Name, args.Message.MessageId, args.Message.DeliveryCount);
            await args.AbandonMessageAsync(args.Message, cancellationToken: CancellationToken.None);
            throw;
        }

        if (result.DeadLetterReason is { } reason)
        {
            logger.LogWarning("Consumer {Consumer} dead-letters message {MessageId}: {Reason} {Description}", Name, args.Message.MessageId, reason, result.DeadLetterDescription);
            await args.DeadLetterMessageAsync(args.Message, reason, result.DeadLetterDescription, args.CancellationToken);
            return;
        }

        await args.CompleteMessageAsync(args.Message, args.CancellationToken);
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

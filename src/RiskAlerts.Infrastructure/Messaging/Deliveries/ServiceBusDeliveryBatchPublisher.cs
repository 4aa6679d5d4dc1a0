using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;

namespace RiskAlerts.Infrastructure.Messaging.Deliveries;

/// <summary>Publishes delivery batches to the <c>deliveries</c> topic.</summary>
internal sealed class ServiceBusDeliveryBatchPublisher : IDeliveryBatchPublisher, IAsyncDisposable
{
    public const string BatchSubject = "delivery.batch";

    private readonly ServiceBusSender _sender;
    private readonly TimeProvider _timeProvider;

    public ServiceBusDeliveryBatchPublisher(ServiceBusClient client, IOptions<MessagingOptions> options, TimeProvider timeProvider)
    {
        _sender = client.CreateSender(options.Value.DeliveriesTopic);
        _timeProvider = timeProvider;
    }

    public async Task PublishAsync(DeliveryBatch batch, DateTimeOffset expiresAt, DateTimeOffset? notBefore, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var now = _timeProvider.GetUtcNow();
        var message = new ServiceBusMessage(DeliveryBatchMessage.ToBody(batch))
        {
            MessageId = batch.MessageId,
            ContentType = "application/json",
            Subject = BatchSubject,
            // An expired warning is not delivered: Service Bus drops the message when the warning expires.
            TimeToLive = expiresAt - now is var remaining && remaining > TimeSpan.Zero ? remaining : TimeSpan.FromSeconds(1),
            ApplicationProperties = { [DeliveryBatchMessage.ChannelProperty] = batch.Channel.ToWireName() },
        };

        // Quiet hours and retry backoff: the broker holds the message until then (scheduled, not dropped).
        if (notBefore is { } at && at > now)
        {
            message.ScheduledEnqueueTime = at;
        }

        await _sender.SendMessageAsync(message, cancellationToken);
    }

    public ValueTask DisposeAsync() => _sender.DisposeAsync();
}

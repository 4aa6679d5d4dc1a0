using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Warnings;

namespace RiskAlerts.Infrastructure.Messaging;

/// <summary>Publishes accepted warnings to the <c>warnings</c> queue.</summary>
internal sealed class ServiceBusWarningQueue : IWarningQueue, IAsyncDisposable
{
    public const string AcceptedSubject = "warning.accepted";

    private readonly ServiceBusSender _sender;

    private readonly TimeProvider _timeProvider;

    public ServiceBusWarningQueue(ServiceBusClient client, IOptions<MessagingOptions> options, TimeProvider timeProvider)
    {
        _sender = client.CreateSender(options.Value.WarningsQueue);
        _timeProvider = timeProvider;
    }

    public async Task PublishAsync(Warning warning, CancellationToken cancellationToken = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new WarningQueueMessage(warning.Id, warning.AcceptedAt),
            MessagingJsonContext.Default.WarningQueueMessage);
        var message = new ServiceBusMessage(body)
        {
            MessageId = warning.Id,
            ContentType = "application/json",
            Subject = AcceptedSubject,
            // A warning that expires before it is planned must not be planned at all.
            TimeToLive = warning.ExpiresAt - _timeProvider.GetUtcNow() is var remaining && remaining > TimeSpan.Zero ? remaining : TimeSpan.FromSeconds(1),
        };
        await _sender.SendMessageAsync(message, cancellationToken);
    }

    public ValueTask DisposeAsync() => _sender.DisposeAsync();
}

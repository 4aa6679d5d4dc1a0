using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries.Escalation;
using RiskAlerts.Core.Registrations.Verification;
using RiskAlerts.Core.Warnings;

namespace RiskAlerts.Infrastructure.Messaging;

/// <summary>
/// Publishes accepted warnings to the <c>warnings</c> queue, and schedules there the escalation
/// checks the planner consumer runs when they come due (subject <see cref="EscalationSubject"/>):
/// the planner already scales with this queue, and a check is planning for a few more contacts.
/// Contact verifications go the same way (subject <see cref="VerificationSubject"/>): the consumers
/// hold the channels' credentials, and a code is one more small send that must not be lost.
/// </summary>
internal sealed class ServiceBusWarningQueue : IWarningQueue, IEscalationScheduler, IVerificationDispatcher, IAsyncDisposable
{
    public const string AcceptedSubject = "warning.accepted";

    public const string EscalationSubject = "warning.escalation";

    public const string VerificationSubject = "contact.verification";

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
            TimeToLive = TimeToLive(warning.ExpiresAt),
        };
        await _sender.SendMessageAsync(message, cancellationToken);
    }

    public async Task ScheduleAsync(EscalationBatch batch, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var message = new ServiceBusMessage(JsonSerializer.SerializeToUtf8Bytes(batch, MessagingJsonContext.Default.EscalationBatch))
        {
            MessageId = batch.MessageId,
            ContentType = "application/json",
            Subject = EscalationSubject,
            // A check of a warning that has expired by then reaches nobody: Service Bus drops it.
            TimeToLive = TimeToLive(expiresAt),
        };

        // Held by the broker until the window ends; nothing polls the rows for it.
        if (batch.DueAt > _timeProvider.GetUtcNow())
        {
            message.ScheduledEnqueueTime = batch.DueAt;
        }

        await _sender.SendMessageAsync(message, cancellationToken);
    }

    public async Task DispatchAsync(VerificationChallenge challenge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        var body = VerificationQueueMessage.From(challenge);
        var message = new ServiceBusMessage(JsonSerializer.SerializeToUtf8Bytes(body, MessagingJsonContext.Default.VerificationQueueMessage))
        {
            // One message per challenge: a repeated dispatch is a duplicate the broker may drop.
            MessageId = $"verify:{challenge.Uscc}:{challenge.ContactId}:{challenge.Channel.ToWireName()}:{challenge.IssuedAt.ToUnixTimeMilliseconds()}",
            ContentType = "application/json",
            Subject = VerificationSubject,
            // A code that has expired is not worth sending.
            TimeToLive = TimeToLive(challenge.ExpiresAt),
        };
        await _sender.SendMessageAsync(message, cancellationToken);
    }

    private TimeSpan TimeToLive(DateTimeOffset expiresAt) =>
        expiresAt - _timeProvider.GetUtcNow() is var remaining && remaining > TimeSpan.Zero ? remaining : TimeSpan.FromSeconds(1);

    public ValueTask DisposeAsync() => _sender.DisposeAsync();
}

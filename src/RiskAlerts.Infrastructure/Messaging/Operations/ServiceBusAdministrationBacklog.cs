using Azure.Messaging.ServiceBus.Administration;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Operations.Overview;

namespace RiskAlerts.Infrastructure.Messaging.Operations;

/// <summary>
/// The backlog from Service Bus's runtime properties. Reading them is a management operation: the
/// identity needs the <em>Azure Service Bus Data Owner</em> role (or Manage rights), which the
/// senders' identities deliberately lack; without it the overview says so and shows the rest.
/// </summary>
internal sealed class ServiceBusAdministrationBacklog(ServiceBusAdministrationClient administration, IOptions<MessagingOptions> options) : IServiceBusBacklog
{
    public async Task<IReadOnlyList<EntityBacklog>> ReadAsync(CancellationToken cancellationToken = default)
    {
        var names = options.Value;
        // Four independent management calls, asked together: the overview waits for the slowest, not the sum.
        var warningsCall = administration.GetQueueRuntimePropertiesAsync(names.WarningsQueue, cancellationToken);
        var topicCall = administration.GetTopicRuntimePropertiesAsync(names.DeliveriesTopic, cancellationToken);
        var smsCall = administration.GetSubscriptionRuntimePropertiesAsync(names.DeliveriesTopic, names.SmsSubscription, cancellationToken);
        var emailCall = administration.GetSubscriptionRuntimePropertiesAsync(names.DeliveriesTopic, names.EmailSubscription, cancellationToken);
        await Task.WhenAll(warningsCall, topicCall, smsCall, emailCall);
        var (warnings, topic, sms, email) = ((await warningsCall).Value, (await topicCall).Value, (await smsCall).Value, (await emailCall).Value);

        // Messages scheduled for later (quiet hours) wait in the topic, not in a subscription, until their time.
        return
        [
            new(names.WarningsQueue, warnings.ActiveMessageCount, warnings.ScheduledMessageCount, warnings.DeadLetterMessageCount),
            new(names.DeliveriesTopic, 0, topic.ScheduledMessageCount, 0),
            new(names.SmsSubscription, sms.ActiveMessageCount, 0, sms.DeadLetterMessageCount),
            new(names.EmailSubscription, email.ActiveMessageCount, 0, email.DeadLetterMessageCount),
        ];
    }
}

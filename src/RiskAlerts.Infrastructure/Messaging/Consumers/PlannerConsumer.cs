using System.Diagnostics;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Deliveries.Plan;
using RiskAlerts.Core.Telemetry;

namespace RiskAlerts.Infrastructure.Messaging.Consumers;

/// <summary>The planner: consumes the <c>warnings</c> queue and plans each warning's deliveries.</summary>
public sealed class PlannerConsumer(
    ServiceBusClient client,
    IServiceScopeFactory scopes,
    IOptions<MessagingOptions> messaging,
    IOptions<ConsumerOptions> options,
    RiskAlertsTelemetry telemetry,
    ILogger<PlannerConsumer> logger)
    : ServiceBusConsumer(client, options.Value.Planner, telemetry, logger)
{
    /// <inheritdoc />
    protected override string Name => "planner";

    /// <inheritdoc />
    protected override ServiceBusProcessor CreateProcessor(ServiceBusClient client, ServiceBusProcessorOptions options) =>
        client.CreateProcessor(messaging.Value.WarningsQueue, options);

    /// <inheritdoc />
    protected override async Task<ConsumerResult> HandleAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        WarningQueueMessage? body;
        try
        {
            body = JsonSerializer.Deserialize(message.Body.ToMemory().Span, MessagingJsonContext.Default.WarningQueueMessage);
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body is null || string.IsNullOrEmpty(body.WarningId))
        {
            return ConsumerResult.DeadLetter("MalformedMessage", $"Message {message.MessageId} is not a warning message.");
        }

        // Lets an operator find a warning's trace by its id.
        Activity.Current?.SetTag("riskalerts.warning.id", body.WarningId);
        await using var scope = scopes.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<PlanDeliveriesHandler>().HandleAsync(body.WarningId, cancellationToken);
        return outcome == PlanOutcome.UnknownWarning
            ? ConsumerResult.DeadLetter("UnknownWarning", $"Warning {body.WarningId} is not in the Warnings table.")
            : ConsumerResult.Complete;
    }
}

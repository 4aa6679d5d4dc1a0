using System.Diagnostics;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RiskAlerts.Core.Deliveries.Escalation;
using RiskAlerts.Core.Deliveries.Plan;
using RiskAlerts.Core.Registrations.Verification;
using RiskAlerts.Core.Telemetry;

namespace RiskAlerts.Infrastructure.Messaging.Consumers;

/// <summary>
/// The planner: consumes the <c>warnings</c> queue, plans each warning's deliveries, runs the
/// escalation checks that come due there and sends the contact verifications queued there.
/// </summary>
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
        if (message.Subject == ServiceBusWarningQueue.EscalationSubject)
        {
            return await EscalateAsync(message, cancellationToken);
        }

        if (message.Subject == ServiceBusWarningQueue.VerificationSubject)
        {
            return await VerifyAsync(message, cancellationToken);
        }

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

    private async Task<ConsumerResult> EscalateAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken)
    {
        EscalationBatch? check;
        try
        {
            check = JsonSerializer.Deserialize(message.Body.ToMemory().Span, MessagingJsonContext.Default.EscalationBatch);
        }
        catch (JsonException)
        {
            check = null;
        }

        if (check is null || string.IsNullOrEmpty(check.WarningId) || string.IsNullOrEmpty(check.MessageId) || check.Enterprises is null
            || check.Step is < 1 or > EscalationLevels.LastStep)
        {
            return ConsumerResult.DeadLetter("MalformedMessage", $"Message {message.MessageId} is not an escalation check.");
        }

        Activity.Current?.SetTag("riskalerts.warning.id", check.WarningId);
        await using var scope = scopes.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<EscalateDeliveriesHandler>().HandleAsync(check, cancellationToken);
        return outcome == EscalationOutcome.UnknownWarning
            ? ConsumerResult.DeadLetter("UnknownWarning", $"Warning {check.WarningId} of escalation check {check.MessageId} is not in the Warnings table.")
            : ConsumerResult.Complete;
    }

    private async Task<ConsumerResult> VerifyAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken)
    {
        VerificationChallenge? challenge;
        try
        {
            challenge = JsonSerializer.Deserialize(message.Body.ToMemory().Span, MessagingJsonContext.Default.VerificationQueueMessage)?.ToChallenge();
        }
        catch (JsonException)
        {
            challenge = null;
        }

        if (challenge is null)
        {
            return ConsumerResult.DeadLetter("MalformedMessage", $"Message {message.MessageId} is not a contact verification.");
        }

        await using var scope = scopes.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<SendVerificationHandler>().HandleAsync(challenge, cancellationToken);

        // Abandoned, the message comes again after the lock; its time to live ends the tries with the code's life.
        return outcome == VerificationSendOutcome.Retry
            ? throw new InvalidOperationException($"The {challenge.Channel} channel could not take verification {message.MessageId} now; it is tried again.")
            : ConsumerResult.Complete;
    }
}

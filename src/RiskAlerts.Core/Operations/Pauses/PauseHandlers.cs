using Microsoft.Extensions.Logging;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Operations.Audit;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Core.Operations.Pauses;

/// <summary>The pauses in force, with the channels they stop.</summary>
public sealed class ListPausesHandler(IChannelPauseStore store, PauseTargetCatalog catalog)
{
    /// <summary>Reads the pauses in force.</summary>
    public async Task<PauseState> HandleAsync(CancellationToken cancellationToken = default) =>
        new(await store.ListAsync(cancellationToken), catalog.SmsProviders);
}

/// <summary>
/// Pauses a channel or an SMS provider. The senders see it at their next poll: a paused channel's
/// sender stops taking messages (they wait in Service Bus), a paused provider is passed over in failover.
/// </summary>
public sealed class PauseHandler(IChannelPauseStore store, PauseTargetCatalog catalog, IOperatorAuditTrail audit, TimeProvider timeProvider, ILogger<PauseHandler> logger)
{
    /// <summary>The longest reason an operator may give.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>Validates target and reason together, so a refused request reports both and writes nothing.</summary>
    public async Task<ChannelPause> HandleAsync(PauseTargetKind kind, string? name, string? reason, Principal principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var errors = new FieldErrors();
        var target = catalog.Resolve(kind, name, errors);
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxReasonLength)
        {
            errors.Add(
                "reason",
                string.IsNullOrWhiteSpace(reason) ? FieldErrorCode.Required : FieldErrorCode.TooLong,
                $"is required, at most {MaxReasonLength} characters: say why it is paused",
                MaxReasonLength);
        }

        errors.ThrowIfAny();
        var pause = new ChannelPause(target!, principal.Name, timeProvider.GetUtcNow(), reason!.Trim());
        await store.PauseAsync(pause, cancellationToken);
        logger.LogWarning("{Target} paused by {Principal}: {Reason}", pause.Target.Key, principal.Name, PersonalDataMask.MaskText(pause.Reason));
        await audit.RecordAsync(new AuditEntry(pause.PausedAt, principal.Name, AuditActions.Pause, pause.Target.Key, PersonalDataMask.MaskText(pause.Reason)), CancellationToken.None);
        return pause;
    }
}

/// <summary>Lifts the pause of a channel or an SMS provider; resuming what is not paused changes nothing.</summary>
public sealed class ResumeHandler(IChannelPauseStore store, PauseTargetCatalog catalog, IOperatorAuditTrail audit, TimeProvider timeProvider, ILogger<ResumeHandler> logger)
{
    /// <returns>The target, and whether it was paused.</returns>
    public async Task<(PauseTarget Target, bool WasPaused)> HandleAsync(PauseTargetKind kind, string? name, Principal principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var errors = new FieldErrors();
        var target = catalog.Resolve(kind, name, errors);
        errors.ThrowIfAny();
        var wasPaused = await store.ResumeAsync(target!, cancellationToken);
        logger.LogWarning("{Target} resumed by {Principal} (was paused: {WasPaused})", target!.Key, principal.Name, wasPaused);
        if (wasPaused)
        {
            await audit.RecordAsync(new AuditEntry(timeProvider.GetUtcNow(), principal.Name, AuditActions.Resume, target.Key, null), CancellationToken.None);
        }

        return (target, wasPaused);
    }
}

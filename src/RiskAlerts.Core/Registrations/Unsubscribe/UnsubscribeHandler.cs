using Microsoft.Extensions.Logging;
using RiskAlerts.Core.Registrations.Consent;
using RiskAlerts.Core.Security;

namespace RiskAlerts.Core.Registrations.Unsubscribe;

/// <summary>
/// Marks an enterprise unsubscribed: its record stays (for audit and an easy return), its
/// broadcast index rows go, and nothing is sent to it, not even as an explicit target.
/// Unsubscribing twice is harmless.
/// </summary>
public sealed class UnsubscribeHandler(RegistrationWriter writer, ConsentRecorder consents, ILogger<UnsubscribeHandler> logger)
{
    public async Task<RegisteredEnterprise> HandleAsync(Principal principal, UnsubscribeCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var uscc = RegistrationAccess.AuthorizeChange(principal, command.Uscc);
        var result = await writer.WriteAsync(
            uscc,
            command.IfMatch,
            current => current is null
                ? throw new EnterpriseNotRegisteredException(uscc)
                : current.Subscriber with { Preferences = current.Subscriber.Preferences with { Unsubscribed = true } },
            cancellationToken);
        await consents.RecordUnsubscribeAsync(principal, uscc.Value, cancellationToken);
        logger.LogInformation("Enterprise {Uscc} unsubscribed by {Principal}: version {Version}", uscc, principal.Name, result.Registration.Version);
        return result.Registration;
    }
}

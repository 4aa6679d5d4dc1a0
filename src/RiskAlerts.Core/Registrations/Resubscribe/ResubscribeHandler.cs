using Microsoft.Extensions.Logging;
using RiskAlerts.Core.Registrations.Consent;
using RiskAlerts.Core.Registrations.OptOut;
using RiskAlerts.Core.Registrations.Unsubscribe;
using RiskAlerts.Core.Security;

namespace RiskAlerts.Core.Registrations.Resubscribe;

/// <summary>
/// Undoes an API unsubscribe: the enterprise receives again by the preferences it kept, its broadcast
/// index rows come back, and each contact's consent event says what it now receives. Resubscribing an
/// enterprise that never unsubscribed is harmless.
/// </summary>
public sealed class ResubscribeHandler(RegistrationWriter writer, ConsentRecorder consents, ILogger<ResubscribeHandler> logger)
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
                : current.Subscriber with { Preferences = current.Subscriber.Preferences with { Unsubscribed = false } },
            cancellationToken);
        await consents.RecordChangeAsync(principal, ConsentSource.ApiResubscribe, result.Registration, cancellationToken);
        logger.LogInformation("Enterprise {Uscc} subscribed again by {Principal}: version {Version}", uscc, principal.Name, result.Registration.Version);
        return result.Registration;
    }
}

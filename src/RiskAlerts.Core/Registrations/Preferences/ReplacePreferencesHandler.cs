using Microsoft.Extensions.Logging;
using RiskAlerts.Core.Registrations.Consent;
using RiskAlerts.Core.Registrations.OptOut;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Core.Registrations.Preferences;

/// <summary>
/// Replaces the preferences of a registered enterprise. The regions of interest are checked
/// against the registered county as stored, so the check runs after the read.
/// </summary>
public sealed class ReplacePreferencesHandler(RegistrationParser parser, RegistrationWriter writer, ConsentRecorder consents, ILogger<ReplacePreferencesHandler> logger)
{
    public async Task<RegisteredEnterprise> HandleAsync(Principal principal, ReplacePreferencesCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var uscc = RegistrationAccess.AuthorizeChange(principal, command.Uscc);
        if (command.Preferences is null)
        {
            throw RequestValidationException.For("preferences", FieldErrorCode.Required, "is required: categories, minimumSeverity, regions, industries, channels and optionally quietHours.");
        }

        var result = await writer.WriteAsync(
            uscc,
            command.IfMatch,
            current =>
            {
                if (current is null)
                {
                    throw new EnterpriseNotRegisteredException(uscc);
                }

                var errors = new FieldErrors();
                var preferences = parser.ParsePreferences(command.Preferences, current.Subscriber.Enterprise, errors);
                errors.ThrowIfAny();
                return current.Subscriber with { Preferences = preferences };
            },
            cancellationToken);
        await consents.RecordChangeAsync(principal, ConsentSource.PreferencesChange, result.Registration, cancellationToken);
        var stored = result.Registration.Subscriber.Preferences;
        logger.LogInformation(
            "Enterprise {Uscc} preferences replaced by {Principal}: version {Version}, regions {Regions}, categories {Categories}",
            uscc,
            principal.Name,
            result.Registration.Version,
            string.Join(",", stored.Regions),
            string.Join(",", stored.Categories));
        return result.Registration;
    }
}

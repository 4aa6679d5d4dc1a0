using Microsoft.Extensions.Logging;
using RiskAlerts.Core.Categories;
using RiskAlerts.Core.Matching;
using RiskAlerts.Core.Regions;
using RiskAlerts.Core.Registrations.Consent;
using RiskAlerts.Core.Registrations.OptOut;
using RiskAlerts.Core.Registrations.Verification;
using RiskAlerts.Core.Security;
using RiskAlerts.Core.Subscriptions;
using RiskAlerts.Core.Validation;

namespace RiskAlerts.Core.Registrations.Register;

/// <summary>
/// Registers an enterprise or replaces its registration (enterprise and contacts; preferences
/// when given). Every problem with the input is reported at once and nothing is written.
/// Giving preferences also resubscribes an enterprise that had unsubscribed: it is an explicit
/// statement of what the enterprise wants to receive.
/// </summary>
public sealed class RegisterEnterpriseHandler(
    RegistrationParser parser,
    RegistrationWriter writer,
    RegionCatalog regions,
    WarningCategoryCatalog categories,
    ConsentRecorder consents,
    ContactVerifier verifier,
    ILogger<RegisterEnterpriseHandler> logger)
{
    public async Task<RegistrationResult> HandleAsync(Principal principal, RegisterEnterpriseCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var uscc = RegistrationAccess.AuthorizeChange(principal, command.Uscc);

        var errors = new FieldErrors();
        var enterprise = parser.ParseEnterprise(command.Enterprise, uscc, errors);
        var contacts = RegistrationParser.ParseContacts(command.Contacts, errors);
        var preferences = command.Preferences is null ? null : parser.ParsePreferences(command.Preferences, enterprise, errors);
        errors.ThrowIfAny();

        IReadOnlyList<Enterprises.Contact>? previous = null;
        var result = await writer.WriteAsync(
            uscc,
            command.IfMatch,
            current =>
            {
                previous = current?.Subscriber.Contacts;
                var kept = preferences ?? current?.Subscriber.Preferences ?? SubscriptionPreferences.DefaultFor(enterprise!.RegisteredCounty, categories.Categories.Select(c => c.Id));
                var subscriber = new Subscriber(enterprise!, kept, verifier.Carry(principal, previous, contacts));

                // Kept preferences were valid for the old registered county; a move must not
                // leave regions of interest that no longer contain the enterprise.
                var check = new FieldErrors();
                SubscriptionPreferencesValidator.Validate(kept, enterprise!, regions, categories, check);
                if (!check.IsEmpty && preferences is null)
                {
                    throw new RequestValidationException([.. check, new FieldError("preferences", "the stored preferences do not fit the new registration; send preferences with it.") { Code = FieldErrorCode.Mismatch }]);
                }

                return subscriber;
            },
            cancellationToken);

        await consents.RecordChangeAsync(principal, ConsentSource.Registration, result.Registration, cancellationToken);
        await verifier.IssueForChangeAsync(uscc.Value, previous, result.Registration.Subscriber.Contacts, cancellationToken);
        logger.LogInformation(
            "Enterprise {Uscc} {Outcome} by {Principal}: county {County}, version {Version}, contacts {Contacts}",
            uscc,
            result.Created ? "registered" : "updated",
            principal.Name,
            enterprise!.RegisteredCounty,
            result.Registration.Version,
            ContactLog.Mask(contacts));
        return result;
    }
}

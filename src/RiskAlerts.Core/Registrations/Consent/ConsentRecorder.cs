using Microsoft.Extensions.Options;
using RiskAlerts.Core.Registrations.OptOut;
using RiskAlerts.Core.Security;

namespace RiskAlerts.Core.Registrations.Consent;

/// <summary>Records consent events, each with the notice version in force: the one way they are written.</summary>
public sealed class ConsentRecorder(IConsentLog log, IOptions<ConsentOptions> options, TimeProvider timeProvider)
{
    /// <summary>Records an event as given, stamped with the notice version.</summary>
    public Task RecordAsync(ConsentEvent consent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consent);
        return log.RecordAsync(consent with { NoticeVersion = options.Value.NoticeVersion }, cancellationToken);
    }

    /// <summary>
    /// A registration or a change through the API, as written: one event per contact with the
    /// categories and the channels (the contact's among the enterprise's) it now receives.
    /// </summary>
    public async Task RecordChangeAsync(Principal principal, ConsentSource source, RegisteredEnterprise registration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(registration);
        var preferences = registration.Subscriber.Preferences;
        var now = timeProvider.GetUtcNow();
        foreach (var contact in registration.Subscriber.Contacts)
        {
            await RecordAsync(
                new ConsentEvent(registration.Subscriber.Enterprise.Uscc.Value, contact.Id, null, null, source, null, now)
                {
                    By = principal.Name,
                    Categories = preferences.Unsubscribed ? [] : preferences.Categories,
                    Channels = preferences.Unsubscribed ? [] : [.. contact.Channels.Where(preferences.Channels.Contains)],
                },
                cancellationToken);
        }
    }

    /// <summary>The enterprise unsubscribed from everything through the API.</summary>
    public Task RecordUnsubscribeAsync(Principal principal, string uscc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return RecordAsync(new ConsentEvent(uscc, string.Empty, null, null, ConsentSource.ApiUnsubscribe, null, timeProvider.GetUtcNow()) { By = principal.Name }, cancellationToken);
    }
}

using Microsoft.Extensions.Logging;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Deliveries.Links;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Registrations.Consent;

namespace RiskAlerts.Core.Registrations.OptOut;

/// <summary>What the unsubscribe page offers for one delivery.</summary>
/// <param name="Link">The delivery the link names and its warning.</param>
/// <param name="Registration">The enterprise as stored now, or null when it is no longer registered.</param>
public sealed record UnsubscribePage(LinkedDelivery Link, RegisteredEnterprise? Registration)
{
    /// <summary>True when the contact no longer receives this channel.</summary>
    public bool ChannelStopped => Registration?.Subscriber.Contacts.FirstOrDefault(c => c.Id == Link.Delivery.ContactId) is not { } contact
        || !contact.Channels.Contains(Link.Delivery.Channel);

    /// <summary>True when the enterprise no longer receives the warning's category.</summary>
    public bool CategoryStopped => Registration is null || !Registration.Subscriber.Preferences.Categories.Contains(Link.Warning.Category, StringComparer.Ordinal);
}

/// <summary>What an opt-out stops.</summary>
public enum OptOutScope
{
    /// <summary>The contact receives nothing more by the channel the message came by.</summary>
    Channel,

    /// <summary>The enterprise receives no more warnings of the message's category.</summary>
    Category,
}

/// <summary>
/// Opt-out that works: the enterprise's record changes (the contact loses the channel, or the
/// enterprise the category) through the one registration writer, so the broadcast index follows and
/// the next planning does not plan the contact at all; each change is recorded as a consent event.
/// Opting out twice changes nothing more and records nothing more. Each stopped address is also
/// written to the <see cref="IOptOutLedger"/>, so a delivery planned before the change is suppressed
/// when it is sent.
/// </summary>
public sealed class OptOutHandler(
    DeliveryLinkResolver links,
    IEnterpriseRegistry registry,
    RegistrationWriter writer,
    ConsentRecorder consents,
    IOptOutLedger optOuts,
    TimeProvider timeProvider,
    ILogger<OptOutHandler> logger)
{
    /// <summary>What the unsubscribe link's page shows; reading it changes nothing.</summary>
    /// <exception cref="InvalidDeliveryLinkException">The link is not valid.</exception>
    public async Task<UnsubscribePage> OpenLinkAsync(string? deliveryId, string? token, CancellationToken cancellationToken = default)
    {
        var link = await links.ResolveAsync(deliveryId, token, cancellationToken);
        return new UnsubscribePage(link, await FindAsync(link.Delivery.Uscc, cancellationToken));
    }

    /// <summary>The unsubscribe link's POST: the one-click of RFC 8058 (<see cref="OptOutScope.Channel"/>) or the page's choice.</summary>
    /// <exception cref="InvalidDeliveryLinkException">The link is not valid.</exception>
    public async Task<UnsubscribePage> OptOutByLinkAsync(string? deliveryId, string? token, OptOutScope scope, ConsentSource source, CancellationToken cancellationToken = default)
    {
        var link = await links.ResolveAsync(deliveryId, token, cancellationToken);
        var row = link.Delivery;
        var registration = scope == OptOutScope.Category
            ? await StopCategoryAsync(row, link.Warning.Category, source, cancellationToken)
            : await StopChannelAsync(row, c => c.Id == row.ContactId, source, cancellationToken);
        return new UnsubscribePage(link, registration);
    }

    /// <summary>
    /// An SMS reply asking to stop: every contact of the enterprise with the replying number stops
    /// receiving SMS from it (the number, not only the one contact, is what asked).
    /// </summary>
    public Task<RegisteredEnterprise?> OptOutByReplyAsync(DeliveryRecord answered, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(answered);
        return StopChannelAsync(answered, c => c.Mobile == answered.Address, ConsentSource.SmsReply, cancellationToken);
    }

    private async Task<RegisteredEnterprise?> StopChannelAsync(DeliveryRecord row, Func<Contact, bool> asked, ConsentSource source, CancellationToken cancellationToken)
    {
        var stopped = new List<(string ContactId, string? Address)>();
        var registration = await ChangeAsync(
            row.Uscc,
            subscriber =>
            {
                stopped.Clear();
                var contacts = subscriber.Contacts.Select(c =>
                {
                    if (!asked(c) || !c.Channels.Contains(row.Channel))
                    {
                        return c;
                    }

                    stopped.Add((c.Id, c.AddressFor(row.Channel)));
                    return c with { Channels = [.. c.Channels.Where(channel => channel != row.Channel)] };
                }).ToArray();
                return stopped.Count == 0 ? null : subscriber with { Contacts = contacts };
            },
            cancellationToken);

        var now = timeProvider.GetUtcNow();
        foreach (var (contactId, address) in stopped)
        {
            await consents.RecordAsync(new ConsentEvent(row.Uscc, contactId, row.Channel, null, source, row.WarningId, now), cancellationToken);
            if (address is not null)
            {
                await optOuts.RecordAsync(new OptOutEntry(row.Channel, address, row.Uscc, null, now), cancellationToken);
            }

            logger.LogInformation("Contact {ContactId} of enterprise {Uscc} opted out of {Channel} by {Source}", contactId, row.Uscc, row.Channel.ToWireName(), source);
        }

        return registration;
    }

    private async Task<RegisteredEnterprise?> StopCategoryAsync(DeliveryRecord row, string category, ConsentSource source, CancellationToken cancellationToken)
    {
        var changed = false;
        var addresses = new List<(Channel Channel, string Address)>();
        var registration = await ChangeAsync(
            row.Uscc,
            subscriber =>
            {
                changed = subscriber.Preferences.Categories.Contains(category, StringComparer.Ordinal);
                addresses = [.. subscriber.Contacts
                    .SelectMany(c => c.Channels.Select(channel => (Channel: channel, Address: c.AddressFor(channel))))
                    .Where(a => a.Address is not null)
                    .Select(a => (a.Channel, a.Address!))
                    .Distinct()];
                return changed
                    ? subscriber with { Preferences = subscriber.Preferences with { Categories = [.. subscriber.Preferences.Categories.Where(c => c != category)] } }
                    : null;
            },
            cancellationToken);

        if (changed)
        {
            var now = timeProvider.GetUtcNow();
            await consents.RecordAsync(new ConsentEvent(row.Uscc, row.ContactId, row.Channel, category, source, row.WarningId, now), cancellationToken);
            foreach (var (channel, address) in addresses)
            {
                await optOuts.RecordAsync(new OptOutEntry(channel, address, row.Uscc, category, now), cancellationToken);
            }

            logger.LogInformation("Enterprise {Uscc} stopped category {Category} at the request of contact {ContactId} by {Source}", row.Uscc, category, row.ContactId, source);
        }

        return registration;
    }

    /// <summary>
    /// Applies a change (null: nothing to change) through the registration writer; null when the
    /// enterprise is gone. A record that already says what was asked is not written again.
    /// </summary>
    private async Task<RegisteredEnterprise?> ChangeAsync(string uscc, Func<Matching.Subscriber, Matching.Subscriber?> change, CancellationToken cancellationToken)
    {
        if (!UnifiedSocialCreditCode.TryParse(uscc, out var code) || await registry.FindAsync(code, cancellationToken) is not { } current)
        {
            return null;
        }

        if (change(current.Subscriber) is null)
        {
            return current;
        }

        // The writer reads again and applies the change to what it reads, so a concurrent edit is kept.
        var result = await writer.WriteAsync(
            code,
            ifMatch: null,
            stored => stored is null ? throw new EnterpriseNotRegisteredException(code) : change(stored.Subscriber) ?? stored.Subscriber,
            cancellationToken);
        return result.Registration;
    }

    private async Task<RegisteredEnterprise?> FindAsync(string uscc, CancellationToken cancellationToken) =>
        UnifiedSocialCreditCode.TryParse(uscc, out var code) ? await registry.FindAsync(code, cancellationToken) : null;
}

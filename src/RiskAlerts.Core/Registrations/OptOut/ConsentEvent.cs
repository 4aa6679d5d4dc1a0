using RiskAlerts.Core.Alerts;

namespace RiskAlerts.Core.Registrations.OptOut;

/// <summary>How a contact asked to stop receiving.</summary>
public enum ConsentSource
{
    /// <summary>An SMS reply (<c>TD</c>, <c>T</c>, <c>退订</c>, or the provider's wording).</summary>
    SmsReply,

    /// <summary>A mail client's RFC 8058 one-click POST to the <c>List-Unsubscribe</c> URL.</summary>
    OneClick,

    /// <summary>The choice made on the email's unsubscribe page.</summary>
    UnsubscribePage,
}

/// <summary>A contact withdrew consent: recorded with time and channel, kept with the enterprise.</summary>
/// <param name="Uscc">The enterprise.</param>
/// <param name="ContactId">The contact.</param>
/// <param name="Channel">The channel the request came by, and (for <see cref="Category"/> null) the one stopped.</param>
/// <param name="Category">The one warning category stopped for the whole enterprise; null when the contact stopped the channel altogether.</param>
/// <param name="Source">How it came in.</param>
/// <param name="WarningId">The warning whose message the request answered.</param>
/// <param name="At">When it was recorded.</param>
public sealed record ConsentEvent(string Uscc, string ContactId, Channel Channel, string? Category, ConsentSource Source, string WarningId, DateTimeOffset At);

/// <summary>The consent events of each enterprise, kept with its record.</summary>
public interface IConsentLog
{
    /// <summary>Appends an event.</summary>
    Task RecordAsync(ConsentEvent consent, CancellationToken cancellationToken = default);

    /// <summary>An enterprise's events, newest first.</summary>
    Task<IReadOnlyList<ConsentEvent>> ListAsync(string uscc, CancellationToken cancellationToken = default);
}

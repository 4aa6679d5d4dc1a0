using RiskAlerts.Core.Alerts;

namespace RiskAlerts.Core.Registrations.OptOut;

/// <summary>How consent was given, changed or withdrawn.</summary>
public enum ConsentSource
{
    /// <summary>An SMS reply (<c>TD</c>, <c>T</c>, <c>退订</c>, or the provider's wording).</summary>
    SmsReply,

    /// <summary>A mail client's RFC 8058 one-click POST to the <c>List-Unsubscribe</c> URL.</summary>
    OneClick,

    /// <summary>The choice made on the email's unsubscribe page.</summary>
    UnsubscribePage,

    /// <summary>The enterprise registered, or replaced its registration (<c>PUT /api/enterprises/{uscc}</c>).</summary>
    Registration,

    /// <summary>The enterprise replaced its preferences: categories, channels, regions.</summary>
    PreferencesChange,

    /// <summary>The enterprise replaced its contacts.</summary>
    ContactsChange,

    /// <summary>The enterprise unsubscribed from everything through the API.</summary>
    ApiUnsubscribe,

    /// <summary>The enterprise, unsubscribed before, subscribed again through the API with its kept preferences.</summary>
    ApiResubscribe,
}

/// <summary>
/// Consent given, changed or withdrawn, kept with the enterprise: for a registration or a change, one
/// event per contact saying what that contact now receives; for an opt-out, what was stopped.
/// </summary>
/// <param name="Uscc">The enterprise.</param>
/// <param name="ContactId">The contact; empty for the enterprise as a whole (an API unsubscribe).</param>
/// <param name="Channel">The channel the request came by, and (for <see cref="Category"/> null) the one stopped; null when it came through the API.</param>
/// <param name="Category">The one warning category stopped for the whole enterprise; null when the contact stopped the channel altogether, or for consent given.</param>
/// <param name="Source">How it came in.</param>
/// <param name="WarningId">The warning whose message an opt-out answered; null for the API.</param>
/// <param name="At">When it was recorded.</param>
public sealed record ConsentEvent(string Uscc, string ContactId, Channel? Channel, string? Category, ConsentSource Source, string? WarningId, DateTimeOffset At)
{
    /// <summary>Who: the principal for the API; null when the contact itself asked (a link or a reply).</summary>
    public string? By { get; init; }

    /// <summary>The categories the contact receives after the event (consent given or changed).</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>The channels the contact receives after the event (consent given or changed).</summary>
    public IReadOnlyList<Channel> Channels { get; init; } = [];

    /// <summary>The version of the notice text in force (<c>Consent:NoticeVersion</c>).</summary>
    public string? NoticeVersion { get; init; }

    /// <summary>The stored event's own id, set when it is read back: what retention deletes it by.</summary>
    public string? RecordId { get; init; }

    /// <summary>Whether consent was withdrawn, from which its retention is counted.</summary>
    public bool IsWithdrawal => Withdraws(Source);

    /// <summary>Whether an event of this source withdraws consent.</summary>
    public static bool Withdraws(ConsentSource source) =>
        source is ConsentSource.SmsReply or ConsentSource.OneClick or ConsentSource.UnsubscribePage or ConsentSource.ApiUnsubscribe;
}

/// <summary>The consent events of each enterprise, kept with its record.</summary>
public interface IConsentLog
{
    /// <summary>Appends an event.</summary>
    Task RecordAsync(ConsentEvent consent, CancellationToken cancellationToken = default);

    /// <summary>An enterprise's events, newest first.</summary>
    Task<IReadOnlyList<ConsentEvent>> ListAsync(string uscc, CancellationToken cancellationToken = default);

    /// <summary>The enterprises with a withdrawal recorded before <paramref name="before"/>, each once.</summary>
    IAsyncEnumerable<string> EnterprisesWithdrawnBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken = default);

    /// <summary>Deletes events of one enterprise as read (by <see cref="ConsentEvent.RecordId"/>); those already gone are skipped.</summary>
    Task DeleteAsync(string uscc, IReadOnlyList<ConsentEvent> events, CancellationToken cancellationToken = default);
}

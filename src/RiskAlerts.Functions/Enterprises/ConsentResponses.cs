using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Registrations.OptOut;

namespace RiskAlerts.Functions.Enterprises;

/// <summary>An enterprise's consent events, newest first, and how long withdrawals are kept.</summary>
/// <param name="Uscc">The enterprise.</param>
/// <param name="RetentionMonthsAfterWithdrawal">How many months a withdrawal and the events before it are kept after it (<c>Consent:RetentionMonthsAfterWithdrawal</c>).</param>
/// <param name="Items">The events.</param>
public sealed record ConsentListResponse(string Uscc, int RetentionMonthsAfterWithdrawal, IReadOnlyList<ConsentEventResponse> Items);

/// <summary>One consent event: who, what, when, through which channel, under which notice.</summary>
/// <param name="Source">Registration, PreferencesChange, ContactsChange, ApiUnsubscribe, ApiResubscribe, OneClick, UnsubscribePage or SmsReply.</param>
/// <param name="Withdrawal">Whether consent was withdrawn.</param>
/// <param name="ContactId">The contact; empty for the enterprise as a whole.</param>
/// <param name="By">The principal, for the API; absent when the contact itself asked by a link or a reply.</param>
/// <param name="Via"><c>api</c>, or the channel (<c>sms</c>, <c>email</c>) the request came by.</param>
/// <param name="Categories">What the contact receives after the event (consent given or changed).</param>
/// <param name="Channels">The channels the contact receives after the event.</param>
/// <param name="StoppedCategory">The category an opt-out stopped for the enterprise.</param>
/// <param name="WarningId">The warning whose message an opt-out answered.</param>
/// <param name="At">When.</param>
/// <param name="NoticeVersion">The version of the notice text in force.</param>
public sealed record ConsentEventResponse(
    string Source,
    bool Withdrawal,
    string ContactId,
    string? By,
    string Via,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Channels,
    string? StoppedCategory,
    string? WarningId,
    DateTimeOffset At,
    string? NoticeVersion)
{
    public static ConsentEventResponse From(ConsentEvent consent)
    {
        ArgumentNullException.ThrowIfNull(consent);
        return new(
            consent.Source.ToString(),
            consent.IsWithdrawal,
            consent.ContactId,
            consent.By,
            consent.Channel?.ToWireName() ?? "api",
            consent.Categories,
            [.. consent.Channels.Select(c => c.ToWireName())],
            consent.Category,
            consent.WarningId,
            consent.At,
            consent.NoticeVersion);
    }
}

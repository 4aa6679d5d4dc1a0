using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Registrations.Consent;
using RiskAlerts.Core.Registrations.OptOut;

namespace RiskAlerts.UnitTests.Privacy;

public sealed class ConsentRetentionTests
{
    private const string Uscc = "91110000MA00000000";
    private static readonly DateTimeOffset Day0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Withdrawals before day 100 have been kept long enough.</summary>
    private static readonly DateTimeOffset WithdrawnBefore = Day0.AddDays(100);

    private static ConsentEvent Event(string contactId, ConsentSource source, int day, Channel? channel = null) =>
        new(Uscc, contactId, channel, null, source, null, Day0.AddDays(day)) { RecordId = $"{contactId}-{source}-{day}" };

    private static string[] Ids(IEnumerable<ConsentEvent> events) => [.. events.Select(e => e.RecordId!).Order(StringComparer.Ordinal)];

    [Fact]
    public void HistorySupersededByAChangeAfterAnOldWithdrawalGoesAndTheConsentInForceStays()
    {
        var registered = Event("c1", ConsentSource.Registration, 0);
        var optedOut = Event("c1", ConsentSource.SmsReply, 10, Channel.Sms);
        var changed = Event("c1", ConsentSource.PreferencesChange, 20);

        var expired = ConsentRetention.Expired([registered, optedOut, changed], WithdrawnBefore);

        Assert.Equal(Ids([registered, optedOut]), Ids(expired));
    }

    [Fact]
    public void AWithdrawalNotYetOldEnoughKeepsEverything()
    {
        var events = new[] { Event("c1", ConsentSource.Registration, 0), Event("c1", ConsentSource.OneClick, 100), Event("c1", ConsentSource.ContactsChange, 120) };

        Assert.Empty(ConsentRetention.Expired(events, WithdrawnBefore));
    }

    [Fact]
    public void APartialWithdrawalAfterTheConsentInForceIsKeptWithItHoweverOld()
    {
        // The contact stopped SMS and still receives email: both events say what it agreed to now.
        var events = new[] { Event("c1", ConsentSource.Registration, 0), Event("c1", ConsentSource.SmsReply, 10, Channel.Sms) };

        Assert.Empty(ConsentRetention.Expired(events, WithdrawnBefore));
    }

    [Fact]
    public void OnlyTheEventsUpToTheLatestOldWithdrawalGoAndLaterOnesStay()
    {
        var first = Event("c1", ConsentSource.Registration, 0);
        var oldOptOut = Event("c1", ConsentSource.UnsubscribePage, 10);
        var second = Event("c1", ConsentSource.PreferencesChange, 20);
        var recentOptOut = Event("c1", ConsentSource.UnsubscribePage, 150);
        var third = Event("c1", ConsentSource.PreferencesChange, 160);

        var expired = ConsentRetention.Expired([first, oldOptOut, second, recentOptOut, third], WithdrawnBefore);

        Assert.Equal(Ids([first, oldOptOut]), Ids(expired));
    }

    [Fact]
    public void AnEnterpriseWideUnsubscribeCountsForEveryContactAndGoesOnceTheEnterpriseChangedAgain()
    {
        var c1 = Event("c1", ConsentSource.Registration, 0);
        var c2 = Event("c2", ConsentSource.Registration, 0);
        var unsubscribed = Event(string.Empty, ConsentSource.ApiUnsubscribe, 5);
        var c1Again = Event("c1", ConsentSource.Registration, 30);

        var expired = ConsentRetention.Expired([c1, c2, unsubscribed, c1Again], WithdrawnBefore);

        // c2 was not registered again: its registration is still the last word on what it agreed to.
        Assert.Equal(Ids([c1, unsubscribed]), Ids(expired));
    }

    [Fact]
    public void AnEnterpriseStillUnsubscribedKeepsItsUnsubscribe()
    {
        var events = new[] { Event("c1", ConsentSource.Registration, 0), Event(string.Empty, ConsentSource.ApiUnsubscribe, 5) };

        Assert.Empty(ConsentRetention.Expired(events, WithdrawnBefore));
    }

    [Fact]
    public void ContactsAreSettledEachOnItsOwnWithdrawals()
    {
        var c1 = Event("c1", ConsentSource.Registration, 0);
        var c1Out = Event("c1", ConsentSource.SmsReply, 10, Channel.Sms);
        var c1Back = Event("c1", ConsentSource.ContactsChange, 20);
        var c2 = Event("c2", ConsentSource.Registration, 0);
        var c2Back = Event("c2", ConsentSource.ContactsChange, 20);

        var expired = ConsentRetention.Expired([c1, c1Out, c1Back, c2, c2Back], WithdrawnBefore);

        Assert.Equal(Ids([c1, c1Out]), Ids(expired));
    }
}

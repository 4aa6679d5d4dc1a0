using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Enterprises;
using RiskAlerts.Core.Operations.Audit;
using RiskAlerts.Core.Privacy.Retention;
using RiskAlerts.Core.Registrations.Consent;
using RiskAlerts.Core.Registrations.OptOut;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Privacy;

/// <summary>
/// The retention of consent events and operator audit entries on Azurite, on a fake clock: rows of
/// 2019 and 2020 stand for rows past their period, so that no other test's rows (all of today) are due.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class ConsentAndAuditRetentionTests(LocalStackFixture stack)
{
    private static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IConsentLog Consents => stack.Services.GetRequiredService<IConsentLog>();

    [Fact]
    public async Task ConsentSupersededByAWithdrawalFiveMonthsAgoIsDeletedWhileTheConsentInForceAndRecentOnesStay()
    {
        var settled = UnifiedSocialCreditCode.FromFirst17("91220101RT0000001").Value;
        var recent = UnifiedSocialCreditCode.FromFirst17("91220101RT0000002").Value;

        // Registered, opted out of SMS by reply, subscribed again: the first two are history once the opt-out is five months old.
        await RecordAsync(settled, "c1", ConsentSource.Registration, Epoch);
        await RecordAsync(settled, "c1", ConsentSource.SmsReply, Epoch.AddDays(10), Channel.Sms);
        await RecordAsync(settled, "c1", ConsentSource.PreferencesChange, Epoch.AddDays(20));
        // Opted out only a month before the clock: kept.
        await RecordAsync(recent, "c1", ConsentSource.Registration, Epoch);
        await RecordAsync(recent, "c1", ConsentSource.OneClick, Epoch.AddDays(150), Channel.Email);
        await RecordAsync(recent, "c1", ConsentSource.ContactsChange, Epoch.AddDays(160));

        var clock = new FakeTimeProvider(Epoch.AddDays(180));
        var run = await ConsentRunAsync(clock, maxRowsPerRun: 1_000);

        Assert.Equal(new RetentionDeletion(2, Finished: true), run);
        Assert.Equal([ConsentSource.PreferencesChange], (await Consents.ListAsync(settled, Ct)).Select(e => e.Source));
        Assert.Equal(3, (await Consents.ListAsync(recent, Ct)).Count);

        // Again: nothing left to delete.
        Assert.Equal(new RetentionDeletion(0, Finished: true), await ConsentRunAsync(clock, maxRowsPerRun: 1_000));
    }

    [Fact]
    public async Task AConsentRunCutShortAtItsBoundIsFinishedByTheNext()
    {
        var first = UnifiedSocialCreditCode.FromFirst17("91220101RT0000003").Value;
        var second = UnifiedSocialCreditCode.FromFirst17("91220101RT0000004").Value;
        foreach (var uscc in new[] { first, second })
        {
            await RecordAsync(uscc, "c1", ConsentSource.Registration, Epoch.AddYears(-1));
            await RecordAsync(uscc, string.Empty, ConsentSource.ApiUnsubscribe, Epoch.AddYears(-1).AddDays(1));
            await RecordAsync(uscc, "c1", ConsentSource.Registration, Epoch.AddYears(-1).AddDays(2));
        }

        // The bound is reached after the first enterprise (two events): the second waits for the next run.
        var clock = new FakeTimeProvider(Epoch.AddYears(-1).AddDays(200));
        var cut = await ConsentRunAsync(clock, maxRowsPerRun: 2);
        Assert.Equal(new RetentionDeletion(2, Finished: false), cut);

        var next = await ConsentRunAsync(clock, maxRowsPerRun: 1_000);
        Assert.Equal(new RetentionDeletion(2, Finished: true), next);
        foreach (var uscc in new[] { first, second })
        {
            var left = Assert.Single(await Consents.ListAsync(uscc, Ct));
            Assert.Equal((ConsentSource.Registration, Epoch.AddYears(-1).AddDays(2)), (left.Source, left.At));
        }
    }

    [Fact]
    public async Task AuditEntriesOlderThanThePeriodAreDeletedDayByDayAndNewerOnesStay()
    {
        var trail = stack.Services.GetRequiredService<IOperatorAuditTrail>();
        var oldDay = DateOnly.FromDateTime(Epoch.UtcDateTime);
        var keptDay = oldDay.AddDays(40);
        for (var i = 0; i < 3; i++)
        {
            await trail.RecordAsync(new AuditEntry(Epoch.AddHours(i), "operator@centre", AuditActions.Pause, "sms", "retention test"), Ct);
        }

        await trail.RecordAsync(new AuditEntry(Epoch.AddDays(1), "operator@centre", AuditActions.Resume, "sms", "retention test"), Ct);
        await trail.RecordAsync(new AuditEntry(Epoch.AddDays(40), "operator@centre", AuditActions.Pause, "sms", "retention test"), Ct);

        // Three years and a month on, the entries of the first two days are past the period of three years.
        var clock = new FakeTimeProvider(Epoch.AddDays((3 * 365) + 30));

        // Bounded to two rows, the first run leaves one entry of the oldest day for the next.
        Assert.Equal(new RetentionDeletion(2, Finished: false), await AuditRunAsync(clock, maxRowsPerRun: 2));
        Assert.Single(await trail.ListAsync(oldDay, 10, Ct));

        Assert.Equal(new RetentionDeletion(2, Finished: true), await AuditRunAsync(clock, maxRowsPerRun: 1_000));
        Assert.Empty(await trail.ListAsync(oldDay, 10, Ct));
        Assert.Empty(await trail.ListAsync(oldDay.AddDays(1), 10, Ct));
        Assert.Single(await trail.ListAsync(keptDay, 10, Ct));
    }

    private Task RecordAsync(string uscc, string contactId, ConsentSource source, DateTimeOffset at, Channel? channel = null) =>
        Consents.RecordAsync(new ConsentEvent(uscc, contactId, channel, null, source, null, at) { NoticeVersion = "2019-01" }, Ct);

    private Task<RetentionDeletion> ConsentRunAsync(TimeProvider clock, int maxRowsPerRun) =>
        new DeleteExpiredConsentEventsHandler(
            Consents,
            Options.Create(new ConsentOptions()),
            Options.Create(new RetentionOptions { MaxRowsPerRun = maxRowsPerRun }),
            clock,
            NullLogger<DeleteExpiredConsentEventsHandler>.Instance).HandleAsync(Ct);

    private Task<RetentionDeletion> AuditRunAsync(TimeProvider clock, int maxRowsPerRun) =>
        new DeleteOldAuditEntriesHandler(
            stack.Services.GetRequiredService<IOperatorAuditTrail>(),
            Options.Create(new RetentionOptions { MaxRowsPerRun = maxRowsPerRun }),
            clock,
            NullLogger<DeleteOldAuditEntriesHandler>.Instance).HandleAsync(Ct);
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Privacy;
using RiskAlerts.Core.Privacy.Retention;
using RiskAlerts.Core.Warnings;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Privacy;

/// <summary>
/// The retention run on Azurite, on a fake clock: warnings of 2020 stand for warnings past the
/// period, so that no other test's rows (all of today) are ever due.
/// </summary>
[Collection(LocalStackCollection.Name)]
public sealed class DeliveryRetentionTests(LocalStackFixture stack)
{
    private static readonly DateTimeOffset Epoch = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RowsPastThePeriodArePseudonymisedOldestFirstNewerOnesAreNotAndARunCutShortIsFinishedByTheNext()
    {
        var store = stack.Services.GetRequiredService<IDeliveryStore>();
        var pseudonymiser = stack.Services.GetRequiredService<AddressPseudonymiser>();
        var oldest = await SeedAsync("最早的预警", Epoch, 3);
        var older = await SeedAsync("较早的预警", Epoch.AddDays(1), 4);
        var recent = await SeedAsync("近期的预警", Epoch.AddDays(200), 2);

        // 190 days on, the period of 180 days has passed for the first two warnings only.
        var clock = new FakeTimeProvider(Epoch.AddDays(190));

        // A run bounded to one row does the oldest warning (its only page) and stops before the next.
        var first = await RunAsync(clock, maxRowsPerRun: 1);
        Assert.Equal((1, 3, false), (first.Warnings, first.RowsPseudonymised, first.Finished));
        Assert.All(await RowsAsync(oldest.Id), r => Assert.True(AddressPseudonymiser.IsPseudonym(r.Address)));
        Assert.All(await RowsAsync(older.Id), r => Assert.False(AddressPseudonymiser.IsPseudonym(r.Address)));

        // A run that died half-way through the next warning left some of its rows done and the checkpoint before it.
        var pseudonymisation = stack.Services.GetRequiredService<DeliveryRowPseudonymisation>();
        Assert.Equal(2, await pseudonymisation.PseudonymiseAsync((await RowsAsync(older.Id)).Take(2), Ct));

        var second = await RunAsync(clock, maxRowsPerRun: 1_000);
        Assert.Equal((1, 2, true), (second.Warnings, second.RowsPseudonymised, second.Finished));
        Assert.All(await RowsAsync(older.Id), r => Assert.True(AddressPseudonymiser.IsPseudonym(r.Address)));
        Assert.Equal(recent.Addresses.Order(StringComparer.Ordinal), (await RowsAsync(recent.Id)).Select(r => r.Address).Order(StringComparer.Ordinal));

        // Nothing left: the next run reads nothing and writes nothing.
        var third = await RunAsync(clock, maxRowsPerRun: 1_000);
        Assert.Equal((0, 0, 0, true), (third.Warnings, third.RowsRead, third.RowsPseudonymised, third.Finished));

        // A lookup by the original number still finds the pseudonymised row, and no row keeps the number.
        var phone = oldest.Addresses[0];
        var found = await store.FindByAddressAsync(oldest.Id, Channel.Sms, phone, pseudonymiser.Pseudonym(Channel.Sms, phone), Ct);
        Assert.Single(found);
        Assert.DoesNotContain(await RowsAsync(oldest.Id), r => r.Address == phone);
    }

    private async Task<RetentionRun> RunAsync(TimeProvider clock, int maxRowsPerRun)
    {
        var handler = new PseudonymiseOldDeliveriesHandler(
            stack.Services.GetRequiredService<IWarningStore>(),
            stack.Services.GetRequiredService<IDeliveryStore>(),
            stack.Services.GetRequiredService<AddressPseudonymiser>(),
            stack.Services.GetRequiredService<DeliveryRowPseudonymisation>(),
            stack.Services.GetRequiredService<IRetentionCheckpoint>(),
            Options.Create(new RetentionOptions { MaxRowsPerRun = maxRowsPerRun }),
            clock,
            NullLogger<PseudonymiseOldDeliveriesHandler>.Instance);
        return await handler.HandleAsync(Ct);
    }

    private async Task<IReadOnlyList<DeliveryRecord>> RowsAsync(string warningId) =>
        (await stack.Services.GetRequiredService<IDeliveryStore>().ListAsync(new DeliveryQuery { WarningId = warningId, PageSize = 1_000 }, Ct)).Items;

    /// <summary>A warning accepted at <paramref name="acceptedAt"/> with one SMS row per number.</summary>
    private async Task<(string Id, List<string> Addresses)> SeedAsync(string headline, DateTimeOffset acceptedAt, int rows)
    {
        var id = WarningId.New(acceptedAt);
        await stack.Services.GetRequiredService<IWarningStore>().InsertAsync(
            new Warning
            {
                Id = id,
                Source = "analyst",
                Organisation = TestOrganisations.Nationwide,
                OrganisationName = TestOrganisations.NationwideName,
                Headline = headline,
                Description = "d",
                Audience = new WarningAudience("telecom-fraud", Severity.Severe, [RiskAlerts.Core.Regions.RegionCode.Parse("520111")], [], [], [Channel.Sms]),
                Urgency = Urgency.Immediate,
                Certainty = Certainty.Observed,
                EffectiveAt = acceptedAt,
                ExpiresAt = acceptedAt.AddDays(1),
                Language = "zh-CN",
                Status = WarningStatus.Completed,
                AcceptedAt = acceptedAt,
                SubmittedBy = "analyst-retention",
            },
            Ct);
        var addresses = Enumerable.Range(0, rows).Select(_ => $"+86139{Random.Shared.Next(0, 100_000_000):D8}").ToList();
        var records = addresses.Select((address, i) => new DeliveryRecord
        {
            PartitionKey = DeliveryKeys.PartitionKey(id, DeliveryKeys.ShardOf(address)),
            RowKey = DeliveryKeys.RowKey(Channel.Sms, $"91520111MA{i:D7}X", "c0"),
            WarningId = id,
            Channel = Channel.Sms,
            Uscc = $"91520111MA{i:D7}X",
            ContactId = "c0",
            Address = address,
            Status = DeliveryStatus.Delivered,
            StatusAt = acceptedAt.AddMinutes(1),
            SentAt = acceptedAt.AddSeconds(5),
        }).ToList();
        foreach (var partition in records.GroupBy(r => r.PartitionKey))
        {
            await stack.Services.GetRequiredService<IDeliveryStore>().AddAsync([.. partition], Ct);
        }

        return (id, addresses);
    }
}

using Microsoft.Extensions.DependencyInjection;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Deliveries.Send;

namespace RiskAlerts.IntegrationTests.Delivery;

/// <summary>
/// The per-number daily SMS cap as the senders keep it in Azurite. Each test counts on a day of its
/// own, so no other test's warnings are on its numbers.
/// </summary>
[Collection(DeliveryStackCollection.Name)]
public sealed class SmsDailyCounterTests(DeliveryStackFixture stack)
{
    private readonly ISmsDailyCounter _counter = stack.Services.GetRequiredService<ISmsDailyCounter>();
    private readonly DateOnly _day = DateOnly.FromDayNumber(Random.Shared.Next(700_000, 730_000));

    [Fact]
    public async Task NumberReachedByAsManyWarningsAsTheCapIsRefusedTheNextOne()
    {
        var number = DeliveryScenario.NewPhone();
        var other = DeliveryScenario.NewPhone();

        Assert.Empty(await ReserveAsync("warning-a", [number, other]));
        Assert.Empty(await ReserveAsync("warning-b", [number]));

        Assert.Equal([number], await ReserveAsync("warning-c", [number, other]));
    }

    [Fact]
    public async Task RedeliveredBatchCountsItsWarningOnceAndStaysAllowedAfterOthersReachTheCap()
    {
        var number = DeliveryScenario.NewPhone();

        Assert.Empty(await ReserveAsync("warning-a", [number]));
        Assert.Empty(await ReserveAsync("warning-a", [number]));
        Assert.Empty(await ReserveAsync("warning-b", [number]));
        Assert.Equal([number], await ReserveAsync("warning-c", [number]));

        Assert.Empty(await ReserveAsync("warning-a", [number]));
        Assert.Empty(await ReserveAsync("warning-b", [number]));
    }

    [Fact]
    public async Task NumberRefusedAtTheCapStaysRefusedWhenItsBatchComesAgainWhileTheRestOfTheBatchIsCounted()
    {
        var number = DeliveryScenario.NewPhone();
        var other = DeliveryScenario.NewPhone();
        Assert.Empty(await ReserveAsync("warning-a", [number]));
        Assert.Empty(await ReserveAsync("warning-b", [number, other]));

        Assert.Equal([number], await ReserveAsync("warning-c", [number, other]));
        Assert.Equal([number], await ReserveAsync("warning-c", [number, other]));

        // Reached by warnings b and c, the other number is now at the cap itself.
        Assert.Equal([other], await ReserveAsync("warning-d", [other]));
    }

    [Fact]
    public async Task RestOfABatchSentAgainByItsWarningCountsNothingTwice()
    {
        var numbers = Enumerable.Range(0, 5).Select(_ => DeliveryScenario.NewPhone()).ToList();

        Assert.Empty(await ReserveAsync("warning-a", numbers));
        Assert.Empty(await ReserveAsync("warning-a", numbers[2..]));
        Assert.Empty(await ReserveAsync("warning-b", numbers[3..]));

        Assert.Equal(numbers[3..].Order(StringComparer.Ordinal), (await ReserveAsync("warning-c", numbers)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task BatchOfMoreNumbersOfOneShardThanOneRowHoldsIsCountedWhole()
    {
        var shard = DeliveryKeys.ShardOf(DeliveryScenario.NewPhone());
        var numbers = Enumerable.Range(0, 100_000).Select(_ => DeliveryScenario.NewPhone()).Where(p => DeliveryKeys.ShardOf(p) == shard).Take(1_500).ToList();
        Assert.Equal(1_500, numbers.Count);

        Assert.Empty(await ReserveAsync("warning-a", numbers));
        Assert.Empty(await ReserveAsync("warning-b", numbers));

        Assert.Equal(numbers.Count, (await ReserveAsync("warning-c", numbers)).Count);
    }

    private async Task<IReadOnlySet<string>> ReserveAsync(string warningId, IReadOnlyCollection<string> phones) =>
        await _counter.ReserveAsync(warningId, phones, _day, cap: 2, TestContext.Current.CancellationToken);
}

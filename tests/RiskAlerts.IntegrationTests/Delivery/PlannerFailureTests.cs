using Microsoft.Extensions.DependencyInjection;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Deliveries.Plan;
using RiskAlerts.Core.Warnings;

namespace RiskAlerts.IntegrationTests.Delivery;

/// <summary>The planner against a Deliveries table that stops answering while it plans.</summary>
[Collection(DeliveryStackCollection.Name)]
public sealed class PlannerFailureTests(DeliveryStackFixture stack)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StorageFailingWhilePlanningFailsThePlanRunWithTheStorageErrorInsteadOfHanging()
    {
        // Enough recipients for more chunks than the writers' queue holds, so a reader nobody drains would block.
        var scenario = new DeliveryScenario(stack);
        await scenario.SeedAsync(Enumerable.Range(0, 300).Select(_ => DeliveryScenario.NewSubscriber("659007", [DeliveryScenario.NewContact("c0")])));
        var warningId = await InsertUnpublishedWarningAsync("659007");
        await using var scope = stack.Services.CreateAsyncScope();
        var failing = new UnreachableDeliveries(scope.ServiceProvider.GetRequiredService<IDeliveryStore>());
        var planner = ActivatorUtilities.CreateInstance<PlanDeliveriesHandler>(scope.ServiceProvider, (IDeliveryStore)failing);

        var run = planner.HandleAsync(warningId, Ct);

        var failure = await Assert.ThrowsAsync<IOException>(() => run.WaitAsync(TimeSpan.FromSeconds(30), Ct));
        Assert.Equal(UnreachableDeliveries.Message, failure.Message);
        Assert.True(failing.Attempts > 0);
        Assert.Equal(WarningStatus.Planned, (await stack.Services.GetRequiredService<IWarningStore>().FindAsync(warningId, Ct))!.Status);
    }

    /// <summary>A warning stored but never put on the queue, so only this test plans it.</summary>
    private Task<string> InsertUnpublishedWarningAsync(string county) =>
        new DeliveryScenario(stack).InsertAcceptedWarningAsync(DateTimeOffset.UtcNow, Severity.Extreme, county, [Channel.Sms, Channel.Email], "规划失败", TimeSpan.FromHours(1));

    /// <summary>The real Deliveries table whose row writes fail, as when storage is unreachable.</summary>
    private sealed class UnreachableDeliveries(IDeliveryStore inner) : IDeliveryStore
    {
        public const string Message = "storage unreachable";
        private int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        public Task<int> AddAsync(IReadOnlyList<DeliveryRecord> rows, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _attempts);
            throw new IOException(Message);
        }

        public Task<IReadOnlyList<DeliveryRecord>> ReadRangeAsync(string partitionKey, string firstRowKey, string lastRowKey, CancellationToken cancellationToken = default) => inner.ReadRangeAsync(partitionKey, firstRowKey, lastRowKey, cancellationToken);

        public Task<IReadOnlyList<DeliveryRecord>> UpdateAsync(IReadOnlyList<DeliveryRecord> rows, CancellationToken cancellationToken = default) => inner.UpdateAsync(rows, cancellationToken);

        public Task<bool> HasPendingAsync(string warningId, CancellationToken cancellationToken = default) => inner.HasPendingAsync(warningId, cancellationToken);

        public Task<IReadOnlyList<DeliveryFacts>> ReadFactsAsync(string partitionKey, CancellationToken cancellationToken = default) => inner.ReadFactsAsync(partitionKey, cancellationToken);

        public Task<IReadOnlyList<DeliveryRecord>> FindByAddressAsync(string warningId, Channel channel, string address, string? pseudonym = null, CancellationToken cancellationToken = default) => inner.FindByAddressAsync(warningId, channel, address, pseudonym, cancellationToken);

        public Task WritePseudonymsAsync(IReadOnlyList<DeliveryRecord> rows, CancellationToken cancellationToken = default) => inner.WritePseudonymsAsync(rows, cancellationToken);

        public Task<IReadOnlyList<DeliveryRecord>> FindByEnterpriseAsync(string warningId, string uscc, CancellationToken cancellationToken = default) => inner.FindByEnterpriseAsync(warningId, uscc, cancellationToken);

        public Task<bool> HasAnyAsync(string warningId, IReadOnlyList<DeliveryRowAddress> rows, CancellationToken cancellationToken = default) => inner.HasAnyAsync(warningId, rows, cancellationToken);

        public Task<DeliveryPage> ListAsync(DeliveryQuery query, CancellationToken cancellationToken = default) => inner.ListAsync(query, cancellationToken);

        public Task RecordUnmatchedReceiptAsync(UnmatchedReceipt receipt, CancellationToken cancellationToken = default) => inner.RecordUnmatchedReceiptAsync(receipt, cancellationToken);

        public Task<IReadOnlyList<UnmatchedReceipt>> ListUnmatchedReceiptsAsync(DateOnly day, CancellationToken cancellationToken = default) => inner.ListUnmatchedReceiptsAsync(day, cancellationToken);
    }
}

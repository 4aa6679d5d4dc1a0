using Microsoft.Extensions.DependencyInjection;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Warnings;
using RiskAlerts.Core.Warnings.Complete;

namespace RiskAlerts.IntegrationTests.Delivery;

[Collection(DeliveryStackCollection.Name)]
public sealed class CompletionSweepTests(DeliveryStackFixture stack)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DeliveredWarningBecomesCompleted()
    {
        var scenario = new DeliveryScenario(stack);
        await scenario.SeedAsync(Enumerable.Range(0, 4).Select(_ => DeliveryScenario.NewSubscriber("659005", [DeliveryScenario.NewContact("c0")])));
        var warningId = await scenario.SubmitAsync("659005");
        await scenario.WaitForRowsAsync(warningId, 8, DeliveryScenario.IsFinished);

        await SweepAsync();

        Assert.Equal(WarningStatus.Completed, (await FindAsync(warningId)).Status);
    }

    [Fact]
    public async Task WarningWithADeliveryStillPlannedStaysDeliveringUntilItIsSent()
    {
        var scenario = new DeliveryScenario(stack);
        var warningId = await scenario.SubmitAsync("659006");
        for (var i = 0; i < 100 && (await FindAsync(warningId)).Status is not (WarningStatus.Delivering or WarningStatus.Completed); i++)
        {
            await Task.Delay(100, Ct);
        }

        // A row as a quiet-hours deferral leaves it: planned, not yet sent.
        var uscc = DeliveryScenario.NewUscc("659006").Value;
        var phone = DeliveryScenario.NewPhone();
        var row = new DeliveryRecord
        {
            PartitionKey = DeliveryKeys.PartitionKey(warningId, DeliveryKeys.ShardOf(phone)),
            RowKey = DeliveryKeys.RowKey(Channel.Sms, uscc, "c0"),
            WarningId = warningId,
            Channel = Channel.Sms,
            Uscc = uscc,
            ContactId = "c0",
            Address = phone,
            Status = DeliveryStatus.Planned,
            StatusAt = DateTimeOffset.UtcNow,
        };
        var store = stack.Services.GetRequiredService<IDeliveryStore>();
        await store.AddAsync([row], Ct);
        await stack.Services.GetRequiredService<IWarningStore>().UpdateAsync(warningId, w => w with { Status = WarningStatus.Delivering }, Ct);

        await SweepAsync();
        Assert.Equal(WarningStatus.Delivering, (await FindAsync(warningId)).Status);

        await store.UpdateAsync([DeliveryStateMachine.Sent(row, DateTimeOffset.UtcNow, "primary", "P-1")], Ct);
        await SweepAsync();
        Assert.Equal(WarningStatus.Completed, (await FindAsync(warningId)).Status);
    }

    private async Task SweepAsync()
    {
        await using var scope = stack.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CompleteSettledWarningsHandler>().HandleAsync(Ct);
    }

    private async Task<Warning> FindAsync(string warningId) =>
        (await stack.Services.GetRequiredService<IWarningStore>().FindAsync(warningId, Ct))!;
}

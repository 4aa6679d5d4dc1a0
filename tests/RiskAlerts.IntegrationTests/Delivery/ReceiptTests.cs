using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RiskAlerts.Core.Alerts;
using RiskAlerts.Core.Deliveries;
using RiskAlerts.Core.Deliveries.Receipts;
using RiskAlerts.IntegrationTests.Fixtures;

namespace RiskAlerts.IntegrationTests.Delivery;

[Collection(DeliveryStackCollection.Name)]
public sealed class ReceiptTests(DeliveryStackFixture stack) : IDisposable
{
    [Fact]
    public async Task ReceiptsMoveSentMessagesToDeliveredOrUndelivered()
    {
        var scenario = new DeliveryScenario(stack);
        var subscribers = Enumerable.Range(0, 12).Select(_ => DeliveryScenario.NewSubscriber("530102", [DeliveryScenario.NewContact("c0", Channel.Sms)])).ToList();
        await scenario.SeedAsync(subscribers);
        var unreachable = DeliveryScenario.SmsAddresses(subscribers.Take(4)).ToList();
        foreach (var phone in unreachable)
        {
            stack.SmsGateway.Faults.MarkUndelivered(phone);
            stack.BackupSmsGateway.Faults.MarkUndelivered(phone);
        }

        var warningId = await scenario.SubmitAsync("530102");
        var rows = await scenario.WaitForRowsAsync(warningId, 12, DeliveryScenario.IsFinished);

        Assert.All(rows.Where(r => unreachable.Contains(r.GetString("Address"))), r => Assert.Equal(("Undelivered", "UNDELIV"), (r.GetString("Status"), r.GetString("Reason"))));
        Assert.Equal(8, rows.Count(r => r.GetString("Status") == "Delivered"));
    }

    [Fact]
    public async Task RepeatedReceiptChangesNothing()
    {
        var scenario = new DeliveryScenario(stack);
        var subscribers = Enumerable.Range(0, 6).Select(_ => DeliveryScenario.NewSubscriber("530103", [DeliveryScenario.NewContact("c0", Channel.Sms)])).ToList();
        await scenario.SeedAsync(subscribers);
        var warningId = await scenario.SubmitAsync("530103");
        var rows = await scenario.WaitForRowsAsync(warningId, 6, DeliveryScenario.IsFinished);
        var row = rows[0];
        var reference = new ReceiptReference(row.PartitionKey, row.RowKey, row.RowKey).ToString();
        var receipt = new { receipts = new[] { new { messageId = row.GetString("ProviderMessageId"), phone = row.GetString("Address"), status = "undelivered", code = "LATE", deliveredAt = DateTimeOffset.UtcNow } } };

        using var response = await PostReceiptsAsync($"/api/receipts/sms/primary?ref={Uri.EscapeDataString(reference)}", receipt, LocalStackFixture.ReceiptSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var outcome = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal((0, 1), (outcome.GetProperty("applied").GetInt32(), outcome.GetProperty("unchanged").GetInt32()));
        var after = (await scenario.RowsAsync(warningId)).Single(r => r.RowKey == row.RowKey);
        Assert.Equal(("Delivered", row.ETag), (after.GetString("Status"), after.ETag));
    }

    [Fact]
    public async Task ReceiptForAnUnknownMessageIsRecordedAndAcknowledged()
    {
        var messageId = "UNKNOWN-" + Guid.NewGuid().ToString("N");
        var receipt = new { receipts = new[] { new { messageId, phone = "+8613900000001", status = "delivered", code = "DELIVRD", deliveredAt = DateTimeOffset.UtcNow } } };

        using var response = await PostReceiptsAsync("/api/receipts/sms/primary", receipt, LocalStackFixture.ReceiptSecret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var store = stack.Services.GetRequiredService<IDeliveryStore>();
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime);
        var recorded = (await store.ListUnmatchedReceiptsAsync(today, TestContext.Current.CancellationToken)).Single(r => r.ProviderMessageId == messageId);
        Assert.Equal(("primary", "+86 139****0001"), (recorded.Provider, recorded.MaskedPhone));
    }

    [Fact]
    public async Task ReceiptWithoutTheProviderSecretIsRefused()
    {
        var receipt = new { receipts = Array.Empty<object>() };

        using var missing = await PostReceiptsAsync("/api/receipts/sms/primary", receipt, null);
        using var wrong = await PostReceiptsAsync("/api/receipts/sms/primary", receipt, "not-the-secret-at-all");
        using var unknownProvider = await PostReceiptsAsync("/api/receipts/sms/nobody", receipt, LocalStackFixture.ReceiptSecret);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownProvider.StatusCode);
    }

    public void Dispose()
    {
        stack.SmsGateway.Faults.Reset();
        stack.BackupSmsGateway.Faults.Reset();
    }

    private Task<HttpResponseMessage> PostReceiptsAsync(string path, object body, string? secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (secret is not null)
        {
            request.Headers.Add("X-Receipt-Secret", secret);
        }

        return stack.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
